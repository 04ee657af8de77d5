using System.Globalization;
using FastMesos.Messages;

namespace FastMesos.Simulator.Failover;

/// <summary>
/// Builds the agents of a <see cref="FailoverSpec"/>: agent <c>i</c> has the id
/// <c>sim-S&lt;i&gt;</c> and runs tasks <c>t-&lt;i&gt;-&lt;k&gt;</c>, task <c>k</c> belonging to framework
/// <c>(i + k) mod F</c>, each RUNNING on 0.1 cpu and 32 MB with its labels, as Mesos' benchmark does;
/// its history, finished tasks <c>done-&lt;i&gt;-&lt;k&gt;</c> of the same shape, is spread the same way
/// over the frameworks it runs, reported as their completed frameworks.
/// </summary>
internal static class FailoverScenario
{
    private static readonly Resources AgentResources = Resources.Parse("cpus:24;mem:65536;disk:65536;ports:[31000-32000]");
    private static readonly Resources TaskResources = Resources.Parse("cpus:0.1;mem:32");

    public static SimulatedAgent[] BuildAgents(FailoverSpec spec)
    {
        var frameworks = new FrameworkInfo[spec.Frameworks];
        for (int f = 0; f < frameworks.Length; f++)
        {
            frameworks[f] = new FrameworkInfo
            {
                Id = new FrameworkId($"sim-framework-{f}"),
                User = "root",
                Name = $"failover-{f}",
                FailoverTimeoutSeconds = 3600,
                Checkpoint = true,
            };
        }

        var labels = new Label[spec.LabelsPerTask];
        for (int l = 0; l < labels.Length; l++)
            labels[l] = new Label($"key{l}", $"value{l}");

        var agents = new SimulatedAgent[spec.Agents];
        for (int i = 0; i < agents.Length; i++)
        {
            var id = new AgentId($"sim-S{i}");
            var tasks = new LaunchedTask[spec.TasksPerAgent];
            var used = new List<FrameworkInfo>(Math.Min(spec.TasksPerAgent, spec.Frameworks));
            for (int k = 0; k < tasks.Length; k++)
            {
                FrameworkInfo fw = frameworks[(i + k) % frameworks.Length];
                if (k < frameworks.Length)
                    used.Add(fw);
                tasks[k] = new LaunchedTask
                {
                    Name = $"task-{k}",
                    TaskId = new TaskId($"t-{i}-{k}"),
                    FrameworkId = fw.Id!.Value,
                    AgentId = id,
                    State = TaskState.Running,
                    Resources = TaskResources,
                    Labels = labels,
                };
            }

            agents[i] = new SimulatedAgent(new ReregisterAgent
            {
                Agent = new AgentInfo { Id = id, Hostname = $"agent-{i}", Port = 5051, Resources = AgentResources },
                Version = "1.11.0",
                Tasks = tasks,
                Frameworks = used,
                CompletedFrameworks = TaskHistory.Build(id, i.ToString(CultureInfo.InvariantCulture), spec.CompletedTasksPerAgent, used, TaskResources, labels),
            });
        }

        return agents;
    }
}

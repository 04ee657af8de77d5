using FastMesos.Messages;

namespace FastMesos.Agent.Runtime;

/// <summary>What a re-registration tells the master of the agent's tasks (Mesos' <c>ReregisterSlaveMessage</c>).</summary>
internal static class ReregistrationReport
{
    /// <summary>A task as the master records it, with the newest update it has not acknowledged (<paramref name="head"/>), if any.</summary>
    public static LaunchedTask Task(AgentTask task, AgentId agentId, StatusUpdate? head) => new()
    {
        Name = task.Info.Name,
        TaskId = task.TaskId,
        FrameworkId = task.FrameworkId,
        AgentId = agentId,
        State = task.State,
        ExecutorId = task.CommandExecutor ? null : task.ExecutorId,
        Resources = task.Info.Resources,
        StatusUpdateState = head?.Status.State,
        StatusUpdateUuid = head?.Uuid,
        Labels = task.Info.Labels,
    };

    /// <summary>
    /// The frameworks the agent runs nothing of any more, each with the tasks of its completed
    /// executors (Mesos' <c>completed_frameworks</c>): a new master puts them back in its history.
    /// Like Mesos, the completed tasks of a framework still running here are not reported.
    /// </summary>
    public static List<CompletedFramework> CompletedFrameworks(AgentRuntimeState state)
    {
        var completed = new List<CompletedFramework>(state.CompletedFrameworks.Count);
        if (state.AgentId is not { } agentId)
            return completed;
        foreach (AgentFramework fw in state.CompletedFrameworks)
        {
            var tasks = new List<LaunchedTask>();
            foreach (AgentExecutor executor in fw.CompletedExecutors)
            {
                foreach (AgentTask task in executor.CompletedTasks)
                    tasks.Add(Task(task, agentId, head: null));
            }

            completed.Add(new CompletedFramework { Framework = fw.Info, Tasks = tasks });
        }

        return completed;
    }
}

using FastMesos.Engine.Master;
using FastMesos.Messages;

namespace FastMesos.Simulator.Failover;

/// <summary>What the new master knows after the failover, read under its lock.</summary>
internal readonly record struct FailoverAudit(int Reregistered, int Unreachable, int RunningTasks, long CompletedTasks, bool Recovering)
{
    /// <summary>Agents connected under their own ids, agents held unreachable, their RUNNING tasks, and the frameworks' completed tasks.</summary>
    public static FailoverAudit Of(MasterCore core, SimulatedAgent[] agents)
    {
        int reregistered = 0, running = 0;
        foreach (SimulatedAgent simulated in agents)
        {
            AgentRecord? agent = core.FindAgent(simulated.Id);
            if (agent is null || agent.State != AgentState.Connected)
                continue;
            reregistered++;
            foreach (TaskRecord task in agent.TaskList)
            {
                if (task.State == TaskState.Running)
                    running++;
            }
        }

        int unreachable = 0;
        foreach (AgentRecord agent in core.Agents)
        {
            if (agent.State == AgentState.Unreachable)
                unreachable++;
        }

        long completed = 0;
        foreach (FrameworkRecord fw in core.Frameworks)
            completed += fw.CompletedTaskList.Count();
        return new FailoverAudit(reregistered, unreachable, running, completed, core.Recovering);
    }
}

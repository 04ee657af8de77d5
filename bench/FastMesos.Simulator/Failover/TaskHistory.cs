using FastMesos.Messages;

namespace FastMesos.Simulator.Failover;

/// <summary>
/// A simulated agent's history for the D-…-1M failovers of §8.2d: finished tasks of earlier runs
/// that its re-registration reports as completed frameworks (Mesos' <c>completed_frameworks</c>).
/// </summary>
internal static class TaskHistory
{
    /// <summary>
    /// <paramref name="count"/> FINISHED tasks <c>done-&lt;agent&gt;-&lt;k&gt;</c>, task k of
    /// <paramref name="frameworks"/>[k mod F], each with <paramref name="resources"/> and
    /// <paramref name="labels"/>, grouped by framework; none without a framework.
    /// </summary>
    public static CompletedFramework[] Build(AgentId id, string agent, int count, IReadOnlyList<FrameworkInfo> frameworks, Resources resources,
        IReadOnlyList<Label> labels)
    {
        if (count == 0 || frameworks.Count == 0)
            return [];
        var tasks = new List<LaunchedTask>[frameworks.Count];
        for (int f = 0; f < tasks.Length; f++)
            tasks[f] = new List<LaunchedTask>(count / tasks.Length + 1);
        for (int k = 0; k < count; k++)
        {
            tasks[k % tasks.Length].Add(new LaunchedTask
            {
                Name = $"done-{k}",
                TaskId = new TaskId($"done-{agent}-{k}"),
                FrameworkId = frameworks[k % tasks.Length].Id!.Value,
                AgentId = id,
                State = TaskState.Finished,
                Resources = resources,
                Labels = labels,
            });
        }

        var history = new CompletedFramework[frameworks.Count];
        for (int f = 0; f < history.Length; f++)
            history[f] = new CompletedFramework { Framework = frameworks[f], Tasks = tasks[f] };
        return history;
    }
}

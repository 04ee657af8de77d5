namespace FastMesos.Messages;

/// <summary>
/// A framework an agent runs nothing of any more, with the tasks of it the agent still remembers
/// (Mesos' <c>Archive.Framework</c>, sent in <c>ReregisterSlaveMessage.completed_frameworks</c>): a
/// new master puts those tasks back in the framework's completed tasks, so its <c>/master/state</c>
/// keeps the history a failover would otherwise lose.
/// </summary>
public sealed record CompletedFramework
{
    public required FrameworkInfo Framework { get; init; }

    /// <summary>The framework's completed tasks on the agent, each in its terminal state.</summary>
    public IReadOnlyList<LaunchedTask> Tasks { get; init; } = [];
}

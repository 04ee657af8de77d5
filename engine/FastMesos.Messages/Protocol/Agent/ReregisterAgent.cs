namespace FastMesos.Messages;

/// <summary>
/// Agent → master: a known agent (it sets <see cref="AgentInfo.Id"/>) comes back after a disconnect,
/// a master failover or its own restart, and reports everything it runs so the master can rebuild it.
/// </summary>
public sealed record ReregisterAgent
{
    public required AgentInfo Agent { get; init; }
    public required string Version { get; init; }
    public Resources CheckpointedResources { get; init; } = Resources.Empty;
    public IReadOnlyList<ExecutorInfo> Executors { get; init; } = [];
    public IReadOnlyList<LaunchedTask> Tasks { get; init; } = [];

    /// <summary>The frameworks of those executors and tasks.</summary>
    public IReadOnlyList<FrameworkInfo> Frameworks { get; init; } = [];

    /// <summary>Frameworks of which the agent runs nothing any more, with their completed tasks (Mesos <c>completed_frameworks</c>).</summary>
    public IReadOnlyList<CompletedFramework> CompletedFrameworks { get; init; } = [];
}

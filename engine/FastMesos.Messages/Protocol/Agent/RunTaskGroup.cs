namespace FastMesos.Messages;

/// <summary>Master → agent: launch a task group (a pod) atomically under one executor (Mesos LAUNCH_GROUP).</summary>
public sealed record RunTaskGroup
{
    public required FrameworkInfo Framework { get; init; }
    public required ExecutorInfo Executor { get; init; }
    public IReadOnlyList<TaskInfo> Tasks { get; init; } = [];
}

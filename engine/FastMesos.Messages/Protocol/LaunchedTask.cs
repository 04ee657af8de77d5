namespace FastMesos.Messages;

/// <summary>
/// A task an agent has launched, as it reports it when it reregisters (Mesos <c>Task</c>): enough for
/// a recovering master to rebuild the task and its resource accounting.
/// </summary>
public sealed record LaunchedTask
{
    public required string Name { get; init; }
    public required TaskId TaskId { get; init; }
    public required FrameworkId FrameworkId { get; init; }
    public required AgentId AgentId { get; init; }
    public required TaskState State { get; init; }
    public ExecutorId? ExecutorId { get; init; }
    public Resources Resources { get; init; } = Resources.Empty;

    /// <summary>The state of the newest update not yet acknowledged, if any (Mesos <c>status_update_state</c>).</summary>
    public TaskState? StatusUpdateState { get; init; }

    /// <summary>The uuid of that update (Mesos <c>status_update_uuid</c>).</summary>
    public Guid? StatusUpdateUuid { get; init; }
    public IReadOnlyList<Label> Labels { get; init; } = [];
}

namespace FastMesos.Messages;

/// <summary>
/// RECONCILE: ask for the latest state of the tasks (explicit), or of every non-terminal task of the
/// framework when the list is empty (implicit). Answers arrive as UPDATE events without uuids.
/// </summary>
public sealed record ReconcileCall
{
    public required FrameworkId FrameworkId { get; init; }
    public IReadOnlyList<ReconcileTask> Tasks { get; init; } = [];
}

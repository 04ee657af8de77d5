namespace FastMesos.Messages;

/// <summary>
/// Agent → master → scheduler: a task changed state. The agent resends it until the scheduler's
/// acknowledgement of <see cref="Uuid"/> comes back; <see cref="LatestState"/> is the newest state
/// the agent holds, so the master learns early that a task ended. Decodes without allocating when
/// its strings are pooled and it carries no labels, container status or data.
/// </summary>
public readonly record struct StatusUpdate(FrameworkId FrameworkId, TaskStatus Status, TaskState? LatestState = null)
{
    /// <summary>The update's identity (the status' uuid): what the acknowledgement names.</summary>
    public Guid? Uuid => Status.Uuid;
}

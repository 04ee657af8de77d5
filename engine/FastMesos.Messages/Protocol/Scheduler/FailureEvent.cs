namespace FastMesos.Messages;

/// <summary>
/// FAILURE: an agent was removed (only <see cref="AgentId"/> set) or an executor exited (with its
/// <see cref="Status"/>, the wait status). Task updates for the lost tasks arrive separately.
/// </summary>
public sealed record FailureEvent
{
    public AgentId? AgentId { get; init; }
    public ExecutorId? ExecutorId { get; init; }
    public int? Status { get; init; }
}

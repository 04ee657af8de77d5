namespace FastMesos.Messages;

/// <summary>
/// Master → agent: apply a RESERVE, UNRESERVE, CREATE or DESTROY to the agent's checkpointed resources
/// (Mesos <c>ApplyOperationMessage</c>); <see cref="OperationUuid"/> names it in feedback.
/// </summary>
public sealed record ApplyOperation
{
    /// <summary>The framework that asked, or null for an operator's request.</summary>
    public FrameworkId? FrameworkId { get; init; }
    public required OfferOperation Operation { get; init; }
    public Guid OperationUuid { get; init; }
}

namespace FastMesos.Messages;

/// <summary>
/// Resources of one agent offered to one framework for one role (Mesos <c>Offer</c>). They count as
/// allocated to the framework until it accepts or declines the offer or the master rescinds it.
/// </summary>
public sealed record Offer
{
    public required OfferId Id { get; init; }
    public required FrameworkId FrameworkId { get; init; }
    public required AgentId AgentId { get; init; }
    public required string Hostname { get; init; }
    public Resources Resources { get; init; } = Resources.Empty;
    public AgentAttributes Attributes { get; init; } = AgentAttributes.Empty;

    /// <summary>This framework's executors already running on the agent.</summary>
    public IReadOnlyList<ExecutorId> ExecutorIds { get; init; } = [];

    /// <summary>The role the resources are allocated to (Mesos <c>allocation_info.role</c>).</summary>
    public string? AllocationRole { get; init; }
}

namespace FastMesos.Messages;

/// <summary>
/// Resources of one agent offered to one framework for one role (Mesos <c>Offer</c>). They count as
/// allocated to the framework until it accepts or declines the offer or the master rescinds it.
/// A value type, so an <c>Offer[]</c> holds offers inline and a decoder can refill a pooled array
/// without allocating per offer; copying an offer out of a borrowed list keeps it safely. The
/// reference-typed members are immutable, and <c>default(Offer)</c> reads as empty bags.
/// </summary>
public readonly record struct Offer
{
    private readonly Resources? _resources;
    private readonly AgentAttributes? _attributes;
    private readonly IReadOnlyList<ExecutorId>? _executorIds;

    public required OfferId Id { get; init; }
    public required FrameworkId FrameworkId { get; init; }
    public required AgentId AgentId { get; init; }
    public required string Hostname { get; init; }

    public Resources Resources { get => _resources ?? Resources.Empty; init => _resources = value; }

    public AgentAttributes Attributes { get => _attributes ?? AgentAttributes.Empty; init => _attributes = value; }

    /// <summary>This framework's executors already running on the agent.</summary>
    public IReadOnlyList<ExecutorId> ExecutorIds { get => _executorIds ?? []; init => _executorIds = value; }

    /// <summary>The role the resources are allocated to (Mesos <c>allocation_info.role</c>).</summary>
    public string? AllocationRole { get; init; }
}

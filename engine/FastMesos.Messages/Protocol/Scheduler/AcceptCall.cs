namespace FastMesos.Messages;

/// <summary>
/// ACCEPT: apply <see cref="Operations"/> to the offers (all of one agent and role); whatever the
/// operations leave unused is declined with <see cref="Filters"/>.
/// </summary>
public sealed record AcceptCall
{
    public required FrameworkId FrameworkId { get; init; }
    public IReadOnlyList<OfferId> OfferIds { get; init; } = [];
    public IReadOnlyList<OfferOperation> Operations { get; init; } = [];

    /// <summary>Null means Mesos' default refusal (5 s).</summary>
    public Filters? Filters { get; init; }
}

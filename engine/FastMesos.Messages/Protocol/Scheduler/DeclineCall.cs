namespace FastMesos.Messages;

/// <summary>DECLINE: refuse the offers for <see cref="Filters"/>' refuse time (an ACCEPT with no operations).</summary>
public sealed record DeclineCall
{
    public required FrameworkId FrameworkId { get; init; }
    public IReadOnlyList<OfferId> OfferIds { get; init; } = [];
    public Filters? Filters { get; init; }
}

namespace FastMesos.Messages;

/// <summary>OFFERS: new resource offers, each for one agent and one role.</summary>
public sealed record OffersEvent
{
    public IReadOnlyList<Offer> Offers { get; init; } = [];
}

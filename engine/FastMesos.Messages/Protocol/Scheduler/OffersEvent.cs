namespace FastMesos.Messages;

/// <summary>
/// OFFERS: new resource offers, each for one agent and one role. An <c>OffersEvent</c> handed to a
/// message visitor is borrowed: its <see cref="Offers"/> list may be a pooled buffer the decoder
/// refills after the visit, so a consumer that keeps offers copies them (<see cref="Copy"/>, or copy
/// the <see cref="Offer"/> values, which are structs).
/// </summary>
public sealed record OffersEvent
{
    public IReadOnlyList<Offer> Offers { get; init; } = [];

    /// <summary>An event that owns its offers: safe to keep after a visit that lent this one.</summary>
    public OffersEvent Copy()
    {
        IReadOnlyList<Offer> source = Offers;
        var offers = new Offer[source.Count];
        for (int i = 0; i < offers.Length; i++)
            offers[i] = source[i];
        return new OffersEvent { Offers = offers };
    }
}

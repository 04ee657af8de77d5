namespace FastMesos.Engine;

/// <summary>Mesos' <c>Offer.Operation.Type</c> values the engine applies.</summary>
public enum OfferOperationType
{
    Launch = 1,
    Reserve = 2,
    Unreserve = 3,
    Create = 4,
    Destroy = 5,
    LaunchGroup = 6,
}

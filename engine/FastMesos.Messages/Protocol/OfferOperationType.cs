namespace FastMesos.Messages;

/// <summary>What an operation of an ACCEPT does (Mesos <c>Offer.Operation.Type</c>, Mesos' numbers).</summary>
public enum OfferOperationType
{
    Launch = 1,
    Reserve = 2,
    Unreserve = 3,
    Create = 4,
    Destroy = 5,
    LaunchGroup = 6,
}

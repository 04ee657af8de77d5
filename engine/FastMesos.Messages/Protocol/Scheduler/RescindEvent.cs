namespace FastMesos.Messages;

/// <summary>RESCIND: the offer is withdrawn; accepting or declining it is now invalid.</summary>
public readonly record struct RescindEvent(OfferId OfferId);

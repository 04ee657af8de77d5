namespace FastMesos.Engine;

/// <summary>An offer the engine rescinded; the host sends RESCIND to the framework.</summary>
public readonly record struct RescindEvent(long OfferId, int Framework, int Agent, RescindReason Reason);

namespace FastMesos.Engine;

/// <summary>What became of one non-launch operation: applied, or refused with a message (nothing of it applied).</summary>
public readonly record struct OperationOutcome(OfferOperationType Type, bool Applied, string? Message);

namespace FastMesos.Coordination;

/// <summary>The outcome of one op of a successful transaction: the created path (Create) or the new stat (SetData).</summary>
public readonly record struct MultiResult(MultiOpKind Kind, string? CreatedPath, Stat? Stat);

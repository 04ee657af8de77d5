namespace FastMesos.Coordination.Recipes;

/// <summary>A stored value and the version to pass to the next compare-and-set.</summary>
public sealed record VersionedValue(byte[] Value, int Version);

namespace FastMesos.Apps.Matching;

/// <summary>
/// A position in <see cref="OfferMatcher"/>'s dynamic-port scan order: the pass (0 reserved pools,
/// 1 unreserved), the pool, the range within it and the port within the range. The default is the
/// start of the scan.
/// </summary>
internal readonly record struct PortCursor(int Pass, int Pool, int Range, ulong Port);

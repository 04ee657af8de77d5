namespace FastMesos.Apps.Model;

/// <summary>
/// <c>resourceLimits</c> (1.10): a limit per resource, null when not set and
/// <see cref="double.PositiveInfinity"/> for <c>"unlimited"</c>.
/// </summary>
public sealed record ResourceLimits(double? Cpus, double? Mem);

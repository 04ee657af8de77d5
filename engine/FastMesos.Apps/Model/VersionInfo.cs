namespace FastMesos.Apps.Model;

/// <summary>
/// Server-set: a config change sets both to the new version, a scale change only
/// <see cref="LastScalingAt"/>, a restart only <see cref="LastConfigChangeAt"/>.
/// </summary>
public sealed record VersionInfo(DateTimeOffset LastScalingAt, DateTimeOffset LastConfigChangeAt);

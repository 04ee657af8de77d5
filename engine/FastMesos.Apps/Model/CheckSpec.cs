namespace FastMesos.Apps.Model;

/// <summary>
/// The Mesos <c>check</c> (reported as <c>checkResult</c>, never kills): exactly one of
/// <c>http{portIndex, path, scheme}</c>, <c>tcp{portIndex}</c>, <c>exec{command{shell}}</c>.
/// <see cref="Kind"/> is <c>http</c>, <c>tcp</c> or <c>exec</c>.
/// </summary>
public sealed record CheckSpec
{
    public string Kind { get; init; } = "http";
    public int? PortIndex { get; init; }
    public string? Path { get; init; }
    public string? Scheme { get; init; }
    public string? Command { get; init; }
    public int IntervalSeconds { get; init; } = 60;
    public int TimeoutSeconds { get; init; } = 20;
    public int DelaySeconds { get; init; } = 15;
}

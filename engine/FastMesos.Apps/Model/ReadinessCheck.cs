namespace FastMesos.Apps.Model;

/// <summary>A readiness probe run during deployments, with Marathon's defaults (specs/marathon.md §5.4).</summary>
public sealed record ReadinessCheck
{
    public string Name { get; init; } = "readinessCheck";
    public string Protocol { get; init; } = "HTTP";
    public string Path { get; init; } = "/";
    public string PortName { get; init; } = "http-api";
    public int IntervalSeconds { get; init; } = 30;
    public int TimeoutSeconds { get; init; } = 10;
    public IReadOnlyList<int> HttpStatusCodesForReady { get; init => field = ValueList<int>.Of(value); } = ValueList<int>.Of([200]);
    public bool PreserveLastResponse { get; init; }
}

namespace FastMesos.Apps.Model;

/// <summary>One of <c>healthChecks</c> with Marathon's defaults (specs/marathon.md §4).</summary>
public sealed record HealthCheck
{
    public HealthCheckProtocol Protocol { get; init; } = HealthCheckProtocol.Http;

    /// <summary>HTTP(S) path; null when not given (Marathon then probes <c>/</c>).</summary>
    public string? Path { get; init; }

    /// <summary>Index into portDefinitions/portMappings; null = 0 when the app has exactly one port.</summary>
    public int? PortIndex { get; init; }

    /// <summary>A fixed port, overriding <see cref="PortIndex"/>.</summary>
    public int? Port { get; init; }

    public int GracePeriodSeconds { get; init; } = 300;
    public int IntervalSeconds { get; init; } = 60;
    public int TimeoutSeconds { get; init; } = 20;
    public int MaxConsecutiveFailures { get; init; } = 3;

    /// <summary>Mesos-level checks only.</summary>
    public int DelaySeconds { get; init; } = 15;

    public bool IgnoreHttp1xx { get; init; }
    public string IpProtocol { get; init; } = "IPv4";

    /// <summary>The shell command of a COMMAND check.</summary>
    public string? Command { get; init; }

    public bool IsMesosLevel => Protocol >= HealthCheckProtocol.MesosHttp;

    public bool IsHttpLike => Protocol is HealthCheckProtocol.Http or HealthCheckProtocol.Https
        or HealthCheckProtocol.MesosHttp or HealthCheckProtocol.MesosHttps;
}

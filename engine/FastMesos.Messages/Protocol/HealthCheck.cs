namespace FastMesos.Messages;

/// <summary>
/// A task health check run by the executor (Mesos <c>HealthCheck</c>); its verdict arrives as
/// <see cref="TaskStatus.Healthy"/>. Defaults are Mesos': 15 s delay, 10 s interval, 20 s timeout,
/// 3 consecutive failures, 10 s grace period.
/// </summary>
public sealed record HealthCheck
{
    public required HealthCheckType Type { get; init; }
    public double DelaySeconds { get; init; } = 15;
    public double IntervalSeconds { get; init; } = 10;
    public double TimeoutSeconds { get; init; } = 20;
    public uint ConsecutiveFailures { get; init; } = 3;
    public double GracePeriodSeconds { get; init; } = 10;

    /// <summary>The command a COMMAND check runs.</summary>
    public CommandInfo? Command { get; init; }

    /// <summary>The port an HTTP or TCP check probes.</summary>
    public uint Port { get; init; }

    /// <summary>The path and scheme (<c>http</c> when unset) an HTTP check requests.</summary>
    public string? Path { get; init; }
    public string? Scheme { get; init; }
}

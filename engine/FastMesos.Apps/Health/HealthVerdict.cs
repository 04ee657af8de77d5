namespace FastMesos.Apps.Health;

/// <summary>What one health-check result means for an instance (specs/marathon.md §4).</summary>
public enum HealthVerdict : byte
{
    /// <summary>The result does not count: the instance is not running, still in its grace period, unreachable, or an ignored 1xx.</summary>
    Ignored,

    /// <summary>A pass: consecutive failures reset, the instance is alive.</summary>
    Healthy,

    /// <summary>A counted failure (Marathon publishes <c>failed_health_check_event</c>); not yet a kill.</summary>
    Failed,

    /// <summary>A counted failure past the budget: kill the instance (<c>unhealthy_instance_kill_event</c>) and relaunch it.</summary>
    Kill,
}

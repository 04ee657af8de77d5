namespace FastMesos.Agent.Runtime.Health;

/// <summary>What one health-check result means for a task (Mesos' health checker semantics).</summary>
internal enum HealthOutcome : byte
{
    /// <summary>Nothing to report: health unchanged, or a failure inside the grace period.</summary>
    None,

    /// <summary>The first success, or a success after failures: report healthy.</summary>
    Healthy,

    /// <summary>The first counted failure after health or unknown: report unhealthy.</summary>
    Unhealthy,

    /// <summary>The failure that reached <c>consecutive_failures</c>: report unhealthy and kill the task.</summary>
    Kill,
}

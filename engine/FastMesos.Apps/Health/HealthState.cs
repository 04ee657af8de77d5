namespace FastMesos.Apps.Health;

/// <summary>
/// One instance's standing with one health check — Marathon's <c>healthCheckResults[]</c> entry:
/// <c>alive</c>, <c>consecutiveFailures</c>, <c>firstSuccess</c>, <c>lastSuccess</c>,
/// <c>lastFailure</c>, <c>lastFailureCause</c>. A value type: the owner keeps one per (instance,
/// check) and passes it by reference to <see cref="HealthPolicy.Apply"/>.
/// </summary>
public struct HealthState
{
    /// <summary>Null until the first counted result ("unknown").</summary>
    public bool? Alive { get; set; }

    public int ConsecutiveFailures { get; set; }

    public DateTimeOffset? FirstSuccess { get; set; }

    public DateTimeOffset? LastSuccess { get; set; }

    public DateTimeOffset? LastFailure { get; set; }

    public string? LastFailureCause { get; set; }
}

namespace FastMesos.Agent.Runtime.Health;

/// <summary>
/// Mesos' health-check rules over one task's results, as a pure state machine (no clock of its own:
/// the caller passes the time since checking started).
/// <list type="bullet">
/// <item>While the task has had no success yet, failures within <c>gracePeriodSeconds</c> of the
/// checker's start are ignored (Mesos' "initializing" phase).</item>
/// <item>A counted failure increments the consecutive failures; at <c>&gt;= consecutiveFailures</c>
/// the task is killed — so 0 kills on the first counted failure (specs/marathon.md §4, the
/// documented asymmetry with Marathon-level checks).</item>
/// <item>Only changes are reported (first result, healthy↔unhealthy), plus the killing failure, so a
/// steadily healthy task costs no status updates.</item>
/// </list>
/// </summary>
internal struct HealthTracker
{
    private bool? _healthy;

    /// <summary>Consecutive counted failures since the last success.</summary>
    public int ConsecutiveFailures { get; private set; }

    /// <summary>A check has passed at least once (the grace period no longer applies).</summary>
    public bool Succeeded { get; private set; }

    public HealthOutcome OnResult(bool passed, TimeSpan sinceStart, TimeSpan gracePeriod, uint maxConsecutiveFailures)
    {
        if (passed)
        {
            Succeeded = true;
            ConsecutiveFailures = 0;
            bool changed = _healthy != true;
            _healthy = true;
            return changed ? HealthOutcome.Healthy : HealthOutcome.None;
        }

        if (!Succeeded && sinceStart < gracePeriod)
            return HealthOutcome.None;
        ConsecutiveFailures++;
        bool wasUnhealthy = _healthy == false;
        _healthy = false;
        if (ConsecutiveFailures >= maxConsecutiveFailures)
            return HealthOutcome.Kill;
        return wasUnhealthy ? HealthOutcome.None : HealthOutcome.Unhealthy;
    }
}

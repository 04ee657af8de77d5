using FastMesos.Apps.Model;

namespace FastMesos.Apps.Health;

/// <summary>
/// Marathon's health rules (specs/marathon.md §4), as pure decisions over one result at a time.
/// <list type="bullet">
/// <item>A failure is ignored while the instance is not running, while it is unreachable, and while
/// it has had no success yet and is still within <c>gracePeriodSeconds</c> of running.</item>
/// <item>Marathon-level checks (HTTP, HTTPS, TCP) kill on the (max+1)-th consecutive failure: the
/// failure that finds the stored count already at <c>maxConsecutiveFailures</c>; 0 never kills.</item>
/// <item>Mesos-level checks (run by the executor) kill at the max-th failure.</item>
/// <item>HTTP(S): a status 200–399 passes; with <c>ignoreHttp1xx</c> a 1xx leaves health as it was.</item>
/// </list>
/// </summary>
public static class HealthPolicy
{
    /// <summary>Classifies an HTTP status code for a check (null when it is an ignored 1xx).</summary>
    public static bool? HttpPasses(HealthCheck check, int status)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (status is >= 100 and < 200 && check.IgnoreHttp1xx)
            return null;
        return status is >= 200 and < 400;
    }

    /// <summary>
    /// Applies one probe result to <paramref name="state"/> and says what it means.
    /// <paramref name="passed"/> null is a result to ignore (an ignored 1xx).
    /// </summary>
    public static HealthVerdict Apply(ref HealthState state, HealthCheck check, bool? passed, string? failureCause,
        bool running, bool unreachable, DateTimeOffset runningSince, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (passed is null || !running || unreachable)
            return HealthVerdict.Ignored;
        if (passed.Value)
        {
            state.Alive = true;
            state.ConsecutiveFailures = 0;
            state.FirstSuccess ??= now;
            state.LastSuccess = now;
            return HealthVerdict.Healthy;
        }

        bool inGrace = state.FirstSuccess is null && now < runningSince + TimeSpan.FromSeconds(check.GracePeriodSeconds);
        if (inGrace)
            return HealthVerdict.Ignored;

        int before = state.ConsecutiveFailures;
        state.Alive = false;
        state.ConsecutiveFailures = before + 1;
        state.LastFailure = now;
        state.LastFailureCause = failureCause;
        int max = check.MaxConsecutiveFailures;
        if (max <= 0)
            return check.IsMesosLevel && max == 0 ? HealthVerdict.Kill : HealthVerdict.Failed;
        bool kill = check.IsMesosLevel ? state.ConsecutiveFailures >= max : before >= max;
        return kill ? HealthVerdict.Kill : HealthVerdict.Failed;
    }
}

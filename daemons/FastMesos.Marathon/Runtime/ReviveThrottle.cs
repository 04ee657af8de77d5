namespace FastMesos.Marathon.Runtime;

/// <summary>
/// Marathon's <c>--min_revive_offers_interval</c>: at most one REVIVE per interval. The first ask
/// after a quiet interval is sent at once; asks inside the interval are folded into one REVIVE at its
/// end, for which the caller arms one timer (<see cref="TryRevive"/> says when; later asks in the
/// same interval arm nothing). A REVIVE clears the decline filters, so the master re-offers every
/// agent and all but the few the new instances fit are declined again: without the throttle a burst
/// of deployments (a thousand app POSTs) cost a whole round of offers each.
/// <para>Not thread-safe: owned by the runtime's loop.</para>
/// </summary>
internal sealed class ReviveThrottle(TimeSpan interval)
{
    private bool _armed;

    public TimeSpan Interval { get; } = interval;

    /// <summary>When the last REVIVE was sent (<see cref="DateTimeOffset.MinValue"/>: never).</summary>
    public DateTimeOffset LastRevive { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>
    /// True: send the REVIVE now (recorded as sent). False: it must wait; <paramref name="armTimerFor"/>
    /// is the delay after which to ask again, or null when a timer for this interval is already armed.
    /// </summary>
    public bool TryRevive(DateTimeOffset now, out TimeSpan? armTimerFor)
    {
        TimeSpan wait = LastRevive + Interval - now;
        if (wait <= TimeSpan.Zero)
        {
            LastRevive = now;
            armTimerFor = null;
            return true;
        }
        armTimerFor = _armed ? null : wait;
        _armed = true;
        return false;
    }

    /// <summary>The armed timer fired: the next <see cref="TryRevive"/> may arm another.</summary>
    public void TimerFired() => _armed = false;
}

namespace FastMesos.Transport.Connections;

/// <summary>
/// One timer per connection drives every deadline (handshake, idle, send stall, orderly close). It
/// is re-armed for the nearest deadline when it fires and when a deadline moves earlier; activity
/// only stamps a timestamp, so a busy connection never touches the timer.
/// </summary>
public abstract partial class FrameConnection
{
    private const long NotSet = long.MinValue;
    private static readonly TimerCallback s_onTimer = static state => ((FrameConnection)state!).OnTimer();

    // Guards _timer and the deadline flags below; never held while taking _sendLock (lock order:
    // send lock, then timer lock).
    private readonly Lock _timerLock = new();
    private ITimer? _timer;
    private long _startTimestamp;
    private long _lastReceiveTimestamp;
    private long _pausedSince = NotSet;
    private long _closingSince = NotSet;

    /// <summary>How long a connection handed to the non-wire fallback lingers in its orderly close.</summary>
    internal static readonly TimeSpan FallbackLinger = TimeSpan.FromSeconds(1);
    private bool _handshakeDone;
    private bool _trackActivity;
    private bool _fallbackActive;
    private bool _timerStopped;

    private void StartTimer()
    {
        lock (_timerLock)
        {
            _timer = _timeProvider.CreateTimer(s_onTimer, this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            RescheduleLocked();
        }
    }

    private void MarkHandshakeDone()
    {
        lock (_timerLock)
        {
            _handshakeDone = true;
            RescheduleLocked();
        }
    }

    private void MarkClosing()
    {
        lock (_timerLock)
        {
            if (_closingSince == NotSet)
                _closingSince = _timeProvider.GetTimestamp();
            RescheduleLocked();
        }
    }

    /// <summary>Re-arms the timer after a deadline moved earlier (sending paused).</summary>
    private void RescheduleTimer()
    {
        lock (_timerLock)
            RescheduleLocked();
    }

    private void StopTimer()
    {
        lock (_timerLock)
        {
            _timerStopped = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void RescheduleLocked()
    {
        if (_timerStopped || _timer is null)
            return;
        TimeSpan due = NextDueLocked(_timeProvider.GetTimestamp(), out CloseInfo? expired, out bool closeTimedOut);
        _timer.Change(expired is not null || closeTimedOut ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        CloseInfo? expired;
        bool closeTimedOut;
        lock (_timerLock)
        {
            if (_timerStopped || _timer is null)
                return;
            TimeSpan due = NextDueLocked(_timeProvider.GetTimestamp(), out expired, out closeTimedOut);
            if (expired is null && !closeTimedOut)
                _timer.Change(due, Timeout.InfiniteTimeSpan);
        }

        if (expired is not null)
        {
            CloseCore(expired, graceful: false);
        }
        else if (closeTimedOut)
        {
            if (!_fallbackActive)
                Log($"{this}: the orderly close did not finish within {_options.CloseTimeout}; aborting");
            Abort();
        }
    }

    // The time to the nearest deadline (infinite when none), or the deadline already passed.
    private TimeSpan NextDueLocked(long now, out CloseInfo? expired, out bool closeTimedOut)
    {
        expired = null;
        closeTimedOut = false;
        TimeSpan next = Timeout.InfiniteTimeSpan;

        if (_closingSince != NotSet)
        {
            // Closing in order: only the close deadline matters now. A connection the non-wire
            // fallback (HTTP) has finished with gets a short linger: its last response drains,
            // but an idle keep-alive client never sends its FIN, and a daemon's stop must not wait for it.
            TimeSpan closeTimeout = _fallbackActive && _options.CloseTimeout > FallbackLinger ? FallbackLinger : _options.CloseTimeout;
            closeTimedOut = Remaining(closeTimeout, _closingSince, now, ref next);
            return next;
        }

        if (!_handshakeDone && Remaining(_options.HandshakeTimeout, _startTimestamp, now, ref next))
            expired = new CloseInfo(CloseReason.BadPreamble, $"preamble: not exchanged within {_options.HandshakeTimeout}");

        if (!_fallbackActive && Remaining(_options.IdleTimeout, Volatile.Read(ref _lastReceiveTimestamp), now, ref next))
            expired ??= new CloseInfo(CloseReason.IdleTimeout, $"no bytes received for {_options.IdleTimeout}");

        long pausedSince = Volatile.Read(ref _pausedSince);
        if (pausedSince != NotSet && Remaining(_options.SendStallTimeout, pausedSince, now, ref next))
            expired ??= new CloseInfo(CloseReason.SendQueueFull, $"the peer has not drained the send queue (over {_options.SendPauseThreshold} bytes) for {_options.SendStallTimeout}");

        return next;
    }

    // True when `timeout` measured from `since` has passed; otherwise lowers `next` to the time left.
    private bool Remaining(TimeSpan timeout, long since, long now, ref TimeSpan next)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
            return false;
        TimeSpan left = timeout - _timeProvider.GetElapsedTime(since, now);
        if (left <= TimeSpan.Zero)
            return true;
        if (next == Timeout.InfiniteTimeSpan || left < next)
            next = left;
        return false;
    }
}

namespace FastMesos.Hosting;

/// <summary>
/// A periodic timer of the real clock on a dedicated thread, for a daemon's ticks of a few
/// milliseconds: a <see cref="TimeProvider.System"/> timer runs each callback as a thread-pool work
/// item, and at the master's 2 ms ticks the pool's workers woke for each one and spun after it for
/// the next (a third of the master's CPU at 10,000 agents in steady heartbeats:
/// perf-reports/2026-12-05-heartbeat-slices.md). Here the thread sleeps between ticks.
/// </summary>
/// <remarks>
/// Semantics of <see cref="ITimer"/> as a daemon uses it: <see cref="Change"/> (re)starts it with a
/// due time and a period (<see cref="Timeout.InfiniteTimeSpan"/> stops it); a tick that comes late
/// runs once, then the schedule continues from that tick (no catch-up burst: the daemons' ticks
/// compute what is due from the clock). Callbacks never overlap. An exception in the callback ends
/// the process, as an unhandled exception in a timer callback would. For a fake clock (tests),
/// use the clock's own timer: <see cref="Create"/> chooses.
/// </remarks>
public sealed class TickThread : ITimer
{
    private readonly Action<object?> _callback;
    private readonly object? _state;
    private readonly Lock _lock = new();
    private readonly Thread _thread;
    private readonly AutoResetEvent _changed = new(false);
    private TimeSpan _due = Timeout.InfiniteTimeSpan;
    private TimeSpan _period = Timeout.InfiniteTimeSpan;
    private long _version;
    private bool _disposed;

    private TickThread(Action<object?> callback, object? state, string name)
    {
        _callback = callback;
        _state = state;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>A <see cref="TickThread"/> for the real clock, else <paramref name="time"/>'s own timer; both start stopped.</summary>
    public static ITimer Create(TimeProvider time, Action<object?> callback, object? state, string name)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(callback);
        return ReferenceEquals(time, TimeProvider.System)
            ? new TickThread(callback, state, name)
            : time.CreateTimer(new TimerCallback(callback), state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            if (_disposed)
                return false;
            _due = dueTime;
            _period = period;
            _version++;
        }

        _changed.Set();
        return true;
    }

    private void Run()
    {
        while (true)
        {
            TimeSpan wait;
            long version;
            lock (_lock)
            {
                if (_disposed)
                    return;
                wait = _due;
                version = _version;
            }

            // Infinite: stopped until the next Change. Else sleep until due; a Change meanwhile restarts the wait.
            if (_changed.WaitOne(wait))
                continue;
            lock (_lock)
            {
                if (_disposed)
                    return;
                if (_version != version)
                    continue;
                _due = _period;
            }

            _callback(_state);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
        }

        _changed.Set();
        // A callback that disposes its own timer must not wait for itself.
        if (Thread.CurrentThread != _thread)
            _thread.Join();
        _changed.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}

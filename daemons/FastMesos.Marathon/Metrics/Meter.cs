namespace FastMesos.Marathon.Metrics;

/// <summary>
/// A count of events and their rate: 1-, 5- and 15-minute moving averages and the mean since
/// creation, per second. <see cref="Mark"/> is two interlocked adds and a timestamp read; the moving
/// averages catch up (one tick per elapsed 5 s) under a lock only when a tick is due, on a mark or a
/// read — so a meter that is never marked still decays when read.
/// </summary>
public sealed class Meter
{
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly long _tickTicks;
    private readonly Ewma _m1 = new(1), _m5 = new(5), _m15 = new(15);
    private readonly Lock _tickLock = new();
    private long _count;
    private long _uncounted;
    private long _lastTick;

    public Meter(TimeProvider time)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _start = _lastTick = time.GetTimestamp();
        _tickTicks = (long)(Ewma.TickInterval.TotalSeconds * time.TimestampFrequency);
    }

    public long Count => Interlocked.Read(ref _count);

    public void Mark(long events = 1)
    {
        Interlocked.Add(ref _count, events);
        Interlocked.Add(ref _uncounted, events);
        TickIfDue();
    }

    /// <summary>The rates as of now.</summary>
    public MeterSnapshot Snapshot()
    {
        TickIfDue();
        long count = Count;
        double elapsed = _time.GetElapsedTime(_start).TotalSeconds;
        lock (_tickLock)
            return new MeterSnapshot(count, _m1.Rate, _m5.Rate, _m15.Rate, elapsed > 0 ? count / elapsed : 0);
    }

    private void TickIfDue()
    {
        long now = _time.GetTimestamp();
        if (now - Volatile.Read(ref _lastTick) < _tickTicks)
            return;
        lock (_tickLock)
        {
            long ticks = (now - _lastTick) / _tickTicks;
            if (ticks <= 0)
                return;
            _lastTick += ticks * _tickTicks;
            long events = Interlocked.Exchange(ref _uncounted, 0);
            // A long quiet spell decays to ~0 well before 10^4 ticks (15 min = 180 ticks); cap the loop.
            long bounded = Math.Min(ticks, 10_000);
            for (long i = 0; i < bounded; i++)
            {
                long n = i == 0 ? events : 0;
                _m1.Tick(n);
                _m5.Tick(n);
                _m15.Tick(n);
            }
        }
    }
}

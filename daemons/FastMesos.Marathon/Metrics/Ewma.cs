namespace FastMesos.Marathon.Metrics;

/// <summary>
/// An exponentially weighted moving average of a per-second rate, ticked every
/// <see cref="TickInterval"/> (Dropwizard's m1/m5/m15 rates). Not thread-safe: its <see cref="Meter"/>
/// ticks it under a lock.
/// </summary>
internal sealed class Ewma(double minutes)
{
    public static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(5);

    private readonly double _alpha = 1 - Math.Exp(-TickInterval.TotalSeconds / 60.0 / minutes);
    private double _rate;
    private bool _initialized;

    /// <summary>Events per second.</summary>
    public double Rate => _rate;

    /// <summary>One interval passed in which <paramref name="events"/> happened.</summary>
    public void Tick(long events)
    {
        double instant = events / TickInterval.TotalSeconds;
        if (_initialized)
        {
            _rate += _alpha * (instant - _rate);
        }
        else
        {
            _rate = instant;
            _initialized = true;
        }
    }
}

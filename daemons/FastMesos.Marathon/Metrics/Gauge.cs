namespace FastMesos.Marathon.Metrics;

/// <summary>A value read from a callback each time a snapshot is taken; the callback must be thread-safe and cheap.</summary>
public sealed class Gauge(Func<double> read)
{
    private readonly Func<double> _read = read ?? throw new ArgumentNullException(nameof(read));

    public double Value => _read();
}

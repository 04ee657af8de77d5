namespace FastMesos.Marathon.Metrics;

/// <summary>
/// A distribution of values over a sliding window of the most recent <see cref="DefaultReservoirSize"/>
/// samples (Dropwizard's default reservoir size), plus the count and sum of all values. Recording is
/// a short lock around an array store — no allocation; a snapshot copies and sorts the window.
/// </summary>
public sealed class Histogram
{
    public const int DefaultReservoirSize = 1028;

    private readonly double[] _window;
    private readonly Lock _lock = new();
    private long _count;
    private double _sum;

    public Histogram(int reservoirSize = DefaultReservoirSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(reservoirSize, 1);
        _window = new double[reservoirSize];
    }

    public long Count
    {
        get
        {
            lock (_lock)
                return _count;
        }
    }

    public void Record(double value)
    {
        lock (_lock)
        {
            _window[(int)(_count % _window.Length)] = value;
            _count++;
            _sum += value;
        }
    }

    public HistogramSnapshot Snapshot()
    {
        double[] values;
        long count;
        double sum;
        lock (_lock)
        {
            count = _count;
            sum = _sum;
            values = new double[(int)Math.Min(count, _window.Length)];
            Array.Copy(_window, values, values.Length);
        }
        if (values.Length == 0)
            return new HistogramSnapshot(count, sum, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        Array.Sort(values);
        double mean = 0;
        foreach (double v in values)
            mean += v;
        mean /= values.Length;
        double variance = 0;
        foreach (double v in values)
            variance += (v - mean) * (v - mean);
        double stdDev = values.Length > 1 ? Math.Sqrt(variance / (values.Length - 1)) : 0;
        return new HistogramSnapshot(count, sum, values[0], mean, values[^1], stdDev,
            Quantile(values, 0.5), Quantile(values, 0.75), Quantile(values, 0.95), Quantile(values, 0.98), Quantile(values, 0.99), Quantile(values, 0.999));
    }

    /// <summary>Dropwizard's quantile: linear interpolation between the two nearest sorted values.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length + 1);
        if (pos < 1)
            return sorted[0];
        if (pos >= sorted.Length)
            return sorted[^1];
        int index = (int)pos;
        double lower = sorted[index - 1], upper = sorted[index];
        return lower + ((pos - Math.Floor(pos)) * (upper - lower));
    }
}

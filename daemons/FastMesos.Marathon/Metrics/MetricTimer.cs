namespace FastMesos.Marathon.Metrics;

/// <summary>A Dropwizard timer: a <see cref="Histogram"/> of durations in seconds and a <see cref="Meter"/> of their rate.</summary>
public sealed class MetricTimer(TimeProvider time)
{
    public Histogram Durations { get; } = new();

    public Meter Rate { get; } = new(time);

    public void Record(TimeSpan duration)
    {
        Durations.Record(duration.TotalSeconds);
        Rate.Mark();
    }
}

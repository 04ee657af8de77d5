using FastMesos.Hosting.Metrics;
using FastMesos.Marathon.Cli;
using FastMesos.Marathon.Runtime;

namespace FastMesos.Marathon.Metrics;

/// <summary>
/// The push reporters the options ask for (StatsD, DataDog's DogStatsD, Graphite), each reading the
/// registry after the runtime's loop published its counts. Owned by the host; disposing stops them.
/// </summary>
public sealed class MetricsReporters : IAsyncDisposable
{
    /// <summary>How long a report waits for the runtime's loop before it is skipped (a busy loop is never queued behind).</summary>
    private static readonly TimeSpan RefreshTimeout = TimeSpan.FromSeconds(5);

    private readonly List<PeriodicReporter> _reporters;

    private MetricsReporters(List<PeriodicReporter> reporters) => _reporters = reporters;

    /// <summary>The running reporters, in the order StatsD, DataDog, Graphite (those configured).</summary>
    public IReadOnlyList<PeriodicReporter> Reporters => _reporters;

    public static MetricsReporters Start(MarathonOptions options, MarathonRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runtime);
        var reporters = new List<PeriodicReporter>();
        Func<CancellationToken, ValueTask<IReadOnlyList<MetricSample>>> source = async cancellationToken =>
        {
            await runtime.RefreshMetricsAsync().WaitAsync(RefreshTimeout, options.TimeProvider, cancellationToken).ConfigureAwait(false);
            return runtime.Metrics.Registry.Samples();
        };
        if (options.Statsd is { } statsd)
            reporters.Add(new StatsdReporter(statsd with { TimeProvider = options.TimeProvider, Log = options.Log }, source));
        if (options.DataDog is { } dataDog)
            reporters.Add(new StatsdReporter(dataDog with { TimeProvider = options.TimeProvider, Log = options.Log }, source));
        if (options.Graphite is { } graphite)
            reporters.Add(new GraphiteReporter(graphite with { TimeProvider = options.TimeProvider, Log = options.Log }, source));
        return new MetricsReporters(reporters);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (PeriodicReporter reporter in _reporters)
            await reporter.DisposeAsync().ConfigureAwait(false);
    }
}

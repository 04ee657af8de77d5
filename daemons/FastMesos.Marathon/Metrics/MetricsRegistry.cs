using System.Text;
using System.Text.Json;
using FastMesos.Hosting.Metrics;

namespace FastMesos.Marathon.Metrics;

/// <summary>
/// Marathon's named metrics (specs/marathon.md §9, 1.7+ naming): every name is
/// <c>prefix.components.type[.unit]</c>, the prefix being <c>--metrics_name_prefix</c>. Metrics are
/// registered once (at startup, under a lock) and then updated lock-free by whoever holds them; the
/// three renderings — <c>/metrics</c> JSON, Prometheus text, push-reporter samples — read them all
/// in name order. Registering a name twice returns the first metric of that kind.
/// </summary>
public sealed class MetricsRegistry
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Gauge> _gauges = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Histogram> _histograms = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Meter> _meters = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, MetricTimer> _timers = new(StringComparer.Ordinal);

    public MetricsRegistry(string prefix, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        Prefix = prefix;
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>The name prefix (<c>marathon</c> by default); empty for none.</summary>
    public string Prefix { get; }

    /// <summary>The full name of <paramref name="name"/>: <c>prefix.name</c>.</summary>
    public string FullName(string name) => Prefix.Length == 0 ? name : Prefix + "." + name;

    public Counter Counter(string name) => GetOrAdd(_counters, name, static _ => new Counter());

    public Gauge Gauge(string name, Func<double> read) => GetOrAdd(_gauges, name, _ => new Gauge(read));

    public Histogram Histogram(string name) => GetOrAdd(_histograms, name, static _ => new Histogram());

    public Meter Meter(string name) => GetOrAdd(_meters, name, static t => new Meter(t));

    public MetricTimer Timer(string name) => GetOrAdd(_timers, name, static t => new MetricTimer(t));

    /// <summary>
    /// The 1.7+ <c>/metrics</c> object: <c>{version, counters{n:{count}}, gauges{n:{value}},
    /// histograms{n:{count,min,mean,max,p50..p999,stddev}}, meters{n:{count,m1_rate,m5_rate,m15_rate,mean_rate,units}},
    /// timers{n:{histogram fields, meter fields, duration_units, rate_units}}}</c>.
    /// </summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject();
        w.WriteString("version", "4.0.0");
        w.WriteStartObject("counters");
        foreach ((string name, Counter counter) in Copy(_counters))
        {
            w.WriteStartObject(name);
            w.WriteNumber("count", counter.Count);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("gauges");
        foreach ((string name, Gauge gauge) in Copy(_gauges))
        {
            w.WriteStartObject(name);
            WriteNumber(w, "value", gauge.Value);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("histograms");
        foreach ((string name, Histogram histogram) in Copy(_histograms))
        {
            w.WriteStartObject(name);
            WriteHistogram(w, histogram.Snapshot());
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("meters");
        foreach ((string name, Meter meter) in Copy(_meters))
        {
            w.WriteStartObject(name);
            WriteMeter(w, meter.Snapshot(), withCount: true, "units", "events/second");
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("timers");
        foreach ((string name, MetricTimer timer) in Copy(_timers))
        {
            w.WriteStartObject(name);
            WriteHistogram(w, timer.Durations.Snapshot());
            WriteMeter(w, timer.Rate.Snapshot(), withCount: false, "rate_units", "calls/second");
            w.WriteString("duration_units", "seconds");
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>
    /// Prometheus text: counters as counters, gauges as gauges, a meter as <c>_count</c> (counter)
    /// and <c>_m1_rate</c>…<c>_mean_rate</c> (gauges), a histogram or timer as a summary (quantiles,
    /// <c>_sum</c>, <c>_count</c>) plus <c>_min</c>, <c>_max</c>, <c>_mean</c>, <c>_stddev</c> gauges.
    /// </summary>
    public string ToPrometheus()
    {
        var sb = new StringBuilder(8 * 1024);
        foreach ((string name, Counter counter) in Copy(_counters))
            PrometheusText.AppendMetric(sb, PrometheusText.Name(name), "counter", counter.Count);
        foreach ((string name, Gauge gauge) in Copy(_gauges))
            PrometheusText.AppendMetric(sb, PrometheusText.Name(name), "gauge", gauge.Value);
        foreach ((string name, Histogram histogram) in Copy(_histograms))
            AppendSummary(sb, PrometheusText.Name(name), histogram.Snapshot());
        foreach ((string name, Meter meter) in Copy(_meters))
            AppendMeter(sb, PrometheusText.Name(name), meter.Snapshot());
        foreach ((string name, MetricTimer timer) in Copy(_timers))
        {
            string prom = PrometheusText.Name(name);
            AppendSummary(sb, prom, timer.Durations.Snapshot());
            MeterSnapshot rate = timer.Rate.Snapshot();
            AppendRates(sb, prom, rate);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Flat samples for the push reporters, named as Dropwizard's reporters name them:
    /// <c>name</c> for counters and gauges, <c>name.count</c>, <c>name.m1_rate</c>, <c>name.p99</c>, …
    /// for the others.
    /// </summary>
    public List<MetricSample> Samples()
    {
        var samples = new List<MetricSample>(256);
        foreach ((string name, Counter counter) in Copy(_counters))
            samples.Add(new MetricSample(name, counter.Count));
        foreach ((string name, Gauge gauge) in Copy(_gauges))
            samples.Add(new MetricSample(name, gauge.Value));
        foreach ((string name, Histogram histogram) in Copy(_histograms))
            AddHistogram(samples, name, histogram.Snapshot());
        foreach ((string name, Meter meter) in Copy(_meters))
            AddMeter(samples, name, meter.Snapshot(), withCount: true);
        foreach ((string name, MetricTimer timer) in Copy(_timers))
        {
            AddHistogram(samples, name, timer.Durations.Snapshot());
            AddMeter(samples, name, timer.Rate.Snapshot(), withCount: false);
        }
        return samples;
    }

    private T GetOrAdd<T>(SortedDictionary<string, T> table, string name, Func<TimeProvider, T> create)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        string full = FullName(name);
        lock (_lock)
        {
            if (!table.TryGetValue(full, out T? metric))
                table[full] = metric = create(_time);
            return metric;
        }
    }

    private KeyValuePair<string, T>[] Copy<T>(SortedDictionary<string, T> table)
    {
        lock (_lock)
            return [.. table];
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
            w.WriteNumber(name, value);
        else
            w.WriteNull(name); // JSON has no NaN; a broken gauge must not break the whole document
    }

    private static void WriteHistogram(Utf8JsonWriter w, HistogramSnapshot h)
    {
        w.WriteNumber("count", h.Count);
        w.WriteNumber("min", h.Min);
        w.WriteNumber("mean", h.Mean);
        w.WriteNumber("max", h.Max);
        w.WriteNumber("p50", h.P50);
        w.WriteNumber("p75", h.P75);
        w.WriteNumber("p95", h.P95);
        w.WriteNumber("p98", h.P98);
        w.WriteNumber("p99", h.P99);
        w.WriteNumber("p999", h.P999);
        w.WriteNumber("stddev", h.StdDev);
    }

    private static void WriteMeter(Utf8JsonWriter w, MeterSnapshot m, bool withCount, string unitsName, string units)
    {
        if (withCount) // a timer's count is its histogram's
            w.WriteNumber("count", m.Count);
        w.WriteNumber("m1_rate", m.M1Rate);
        w.WriteNumber("m5_rate", m.M5Rate);
        w.WriteNumber("m15_rate", m.M15Rate);
        w.WriteNumber("mean_rate", m.MeanRate);
        w.WriteString(unitsName, units);
    }

    private static void AppendSummary(StringBuilder sb, string name, HistogramSnapshot h)
    {
        PrometheusText.AppendType(sb, name, "summary");
        PrometheusText.AppendSample(sb, name, "quantile=\"0.5\"", h.P50);
        PrometheusText.AppendSample(sb, name, "quantile=\"0.75\"", h.P75);
        PrometheusText.AppendSample(sb, name, "quantile=\"0.95\"", h.P95);
        PrometheusText.AppendSample(sb, name, "quantile=\"0.98\"", h.P98);
        PrometheusText.AppendSample(sb, name, "quantile=\"0.99\"", h.P99);
        PrometheusText.AppendSample(sb, name, "quantile=\"0.999\"", h.P999);
        PrometheusText.AppendSample(sb, name + "_sum", null, h.Sum);
        PrometheusText.AppendSample(sb, name + "_count", null, h.Count);
        PrometheusText.AppendMetric(sb, name + "_min", "gauge", h.Min);
        PrometheusText.AppendMetric(sb, name + "_max", "gauge", h.Max);
        PrometheusText.AppendMetric(sb, name + "_mean", "gauge", h.Mean);
        PrometheusText.AppendMetric(sb, name + "_stddev", "gauge", h.StdDev);
    }

    private static void AppendMeter(StringBuilder sb, string name, MeterSnapshot m)
    {
        PrometheusText.AppendMetric(sb, name + "_count", "counter", m.Count);
        AppendRates(sb, name, m);
    }

    private static void AppendRates(StringBuilder sb, string name, MeterSnapshot m)
    {
        PrometheusText.AppendMetric(sb, name + "_m1_rate", "gauge", m.M1Rate);
        PrometheusText.AppendMetric(sb, name + "_m5_rate", "gauge", m.M5Rate);
        PrometheusText.AppendMetric(sb, name + "_m15_rate", "gauge", m.M15Rate);
        PrometheusText.AppendMetric(sb, name + "_mean_rate", "gauge", m.MeanRate);
    }

    private static void AddHistogram(List<MetricSample> samples, string name, HistogramSnapshot h)
    {
        samples.Add(new MetricSample(name + ".count", h.Count));
        samples.Add(new MetricSample(name + ".min", h.Min));
        samples.Add(new MetricSample(name + ".mean", h.Mean));
        samples.Add(new MetricSample(name + ".max", h.Max));
        samples.Add(new MetricSample(name + ".stddev", h.StdDev));
        samples.Add(new MetricSample(name + ".p50", h.P50));
        samples.Add(new MetricSample(name + ".p75", h.P75));
        samples.Add(new MetricSample(name + ".p95", h.P95));
        samples.Add(new MetricSample(name + ".p98", h.P98));
        samples.Add(new MetricSample(name + ".p99", h.P99));
        samples.Add(new MetricSample(name + ".p999", h.P999));
    }

    private static void AddMeter(List<MetricSample> samples, string name, MeterSnapshot m, bool withCount)
    {
        if (withCount)
            samples.Add(new MetricSample(name + ".count", m.Count));
        samples.Add(new MetricSample(name + ".m1_rate", m.M1Rate));
        samples.Add(new MetricSample(name + ".m5_rate", m.M5Rate));
        samples.Add(new MetricSample(name + ".m15_rate", m.M15Rate));
        samples.Add(new MetricSample(name + ".mean_rate", m.MeanRate));
    }
}

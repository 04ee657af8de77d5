using FastMesos.Hosting.Flags;
using FastMesos.Hosting.Metrics;

namespace FastMesos.Marathon.Cli;

/// <summary>
/// Marathon 1.7+'s metrics flags (specs/marathon.md §9) and the 1.4 <c>--reporter_graphite</c> URL,
/// with Marathon's names, units (milliseconds) and defaults. The DataDog <c>api</c> protocol (HTTPS to
/// DataDog's servers) is refused with a clear error: only the DogStatsD dialect over UDP is supported.
/// </summary>
public sealed class MarathonMetricsFlags
{
    public MarathonMetricsFlags(FlagSet flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        NamePrefix = flags.AddString("metrics_name_prefix", "The first component of every metric name.", "marathon");
        DisablePrometheus = flags.AddBool("disable_metrics_prometheus", "Do not serve /metrics/prometheus.", false);
        Statsd = flags.AddBool("metrics_statsd", "Push metrics to StatsD over UDP.", false);
        StatsdHost = flags.AddString("metrics_statsd_host", "StatsD's host.", "localhost");
        StatsdPort = flags.AddInt("metrics_statsd_port", "StatsD's UDP port.", 8125);
        StatsdInterval = flags.AddLong("metrics_statsd_transmission_interval_ms", "Milliseconds between StatsD reports.", 10000);
        DataDog = flags.AddBool("metrics_datadog", "Push metrics to DataDog (DogStatsD over UDP).", false);
        DataDogHost = flags.AddString("metrics_datadog_host", "The DogStatsD agent's host.", "localhost");
        DataDogPort = flags.AddInt("metrics_datadog_port", "The DogStatsD agent's UDP port.", 8125);
        DataDogProtocol = flags.AddString("metrics_datadog_protocol", "How to reach DataDog: udp (DogStatsD); api is not supported.", "udp");
        DataDogApiKey = flags.AddOptional("metrics_datadog_api_key", "DataDog API key (only for --metrics_datadog_protocol=api, which is not supported).", FlagType.String);
        DataDogInterval = flags.AddLong("metrics_datadog_transmission_interval_ms", "Milliseconds between DataDog reports.", 10000);
        ReporterGraphite = flags.AddOptional("reporter_graphite",
            "Push metrics to Graphite's plaintext port: tcp://host:port?prefix=..&interval=seconds (interval defaults to 10).", FlagType.String);
    }

    public Flag<string> NamePrefix { get; }

    public Flag<bool> DisablePrometheus { get; }

    public Flag<bool> Statsd { get; }

    public Flag<string> StatsdHost { get; }

    public Flag<int> StatsdPort { get; }

    public Flag<long> StatsdInterval { get; }

    public Flag<bool> DataDog { get; }

    public Flag<string> DataDogHost { get; }

    public Flag<int> DataDogPort { get; }

    public Flag<string> DataDogProtocol { get; }

    public Flag<string> DataDogApiKey { get; }

    public Flag<long> DataDogInterval { get; }

    public Flag<string> ReporterGraphite { get; }

    /// <summary>Reads and checks the metrics flags into <paramref name="options"/>; throws <see cref="FormatException"/> naming the flag.</summary>
    public MarathonOptions Apply(MarathonOptions options, FlagParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(parsed);
        string prefix = parsed.Get(NamePrefix);
        foreach (char c in prefix)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_'))
                throw new FormatException($"Failed to load flag 'metrics_name_prefix': '{prefix}' may hold only letters, digits, '.', '-' and '_'");
        }

        StatsdReporterOptions? statsd = null, dataDog = null;
        GraphiteReporterOptions? graphite = null;
        if (parsed.Get(Statsd))
            statsd = Udp(parsed, StatsdHost, StatsdPort, StatsdInterval);
        if (parsed.Get(DataDog))
        {
            string protocol = parsed.Get(DataDogProtocol);
            if (protocol == "api")
                throw new FormatException("Failed to load flag 'metrics_datadog_protocol': 'api' is not supported; use udp with a DogStatsD agent");
            if (protocol != "udp")
                throw new FormatException($"Failed to load flag 'metrics_datadog_protocol': '{protocol}' is not udp or api");
            dataDog = Udp(parsed, DataDogHost, DataDogPort, DataDogInterval);
        }
        if (ReporterGraphite.HasValue)
        {
            try
            {
                graphite = GraphiteReporterOptions.Parse(parsed.Get(ReporterGraphite));
            }
            catch (FormatException e)
            {
                throw new FormatException($"Failed to load flag 'reporter_graphite': {e.Message}", e);
            }
        }

        return options with
        {
            MetricsNamePrefix = prefix,
            DisableMetricsPrometheus = parsed.Get(DisablePrometheus),
            Statsd = statsd,
            DataDog = dataDog,
            Graphite = graphite,
        };
    }

    private static StatsdReporterOptions Udp(FlagParseResult parsed, Flag<string> host, Flag<int> port, Flag<long> interval)
    {
        if (string.IsNullOrWhiteSpace(parsed.Get(host)))
            throw new FormatException($"Failed to load flag '{host.Name}': must not be empty");
        if (parsed.Get(port) is < 1 or > 65535)
            throw new FormatException($"Failed to load flag '{port.Name}': {parsed.Get(port)} is not a port number (1-65535)");
        if (parsed.Get(interval) < 1)
            throw new FormatException($"Failed to load flag '{interval.Name}': must be a positive number of milliseconds");
        return new StatsdReporterOptions
        {
            Host = parsed.Get(host),
            Port = parsed.Get(port),
            Interval = TimeSpan.FromMilliseconds(parsed.Get(interval)),
        };
    }
}

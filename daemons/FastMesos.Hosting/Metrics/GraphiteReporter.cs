using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace FastMesos.Hosting.Metrics;

/// <summary>
/// Pushes samples to Graphite's plaintext protocol over TCP: one <c>[prefix.]name value unix_seconds</c>
/// line per finite sample, on a fresh connection per report (as Dropwizard's Graphite reporter does),
/// so a Carbon restart costs at most one report. Connect and write are bounded by
/// <see cref="GraphiteReporterOptions.Timeout"/>.
/// </summary>
public sealed class GraphiteReporter : PeriodicReporter
{
    private readonly GraphiteReporterOptions _options;

    public GraphiteReporter(GraphiteReporterOptions options, Func<CancellationToken, ValueTask<IReadOnlyList<MetricSample>>> source)
        : base(source, Checked(options).Interval, options.TimeProvider, options.Log)
    {
        _options = options;
    }

    /// <summary>The plaintext lines for <paramref name="samples"/> at <paramref name="unixSeconds"/>.</summary>
    public static string Lines(IReadOnlyList<MetricSample> samples, string prefix, long unixSeconds)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(prefix);
        var sb = new StringBuilder(samples.Count * 64);
        string ts = unixSeconds.ToString(CultureInfo.InvariantCulture);
        foreach (MetricSample sample in samples)
        {
            if (!double.IsFinite(sample.Value))
                continue;
            if (prefix.Length > 0)
                sb.Append(prefix).Append('.');
            foreach (char c in sample.Name)
                sb.Append(char.IsWhiteSpace(c) ? '_' : c); // a space would split the line's fields
            sb.Append(' ').Append(sample.Value.ToString("R", CultureInfo.InvariantCulture)).Append(' ').Append(ts).Append('\n');
        }
        return sb.ToString();
    }

    protected override async Task SendAsync(IReadOnlyList<MetricSample> samples, CancellationToken cancellationToken)
    {
        byte[] payload = Encoding.UTF8.GetBytes(Lines(samples, _options.Prefix, Time.GetUtcNow().ToUnixTimeSeconds()));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        using var client = new TcpClient(AddressFamily.InterNetworkV6) { Client = { DualMode = true }, NoDelay = true };
        try
        {
            await client.ConnectAsync(await StatsdReporter.Resolve(_options.Host, timeout.Token).ConfigureAwait(false), _options.Port, timeout.Token)
                .ConfigureAwait(false);
            NetworkStream stream = client.GetStream();
            await stream.WriteAsync(payload, timeout.Token).ConfigureAwait(false);
            await stream.FlushAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Graphite at {_options.Host}:{_options.Port} did not accept the report within {_options.Timeout.TotalSeconds:0.#} s");
        }
    }

    private static GraphiteReporterOptions Checked(GraphiteReporterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Host);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535);
        return options;
    }
}

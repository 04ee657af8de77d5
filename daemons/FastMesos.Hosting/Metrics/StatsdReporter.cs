using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FastMesos.Hosting.Metrics;

/// <summary>
/// Pushes samples to StatsD (or DogStatsD, <see cref="StatsdReporterOptions.Tags"/>) over UDP: every
/// sample as a gauge <c>name:value|g</c> — counters too, as Marathon sends them, because a counter's
/// running total is what its dashboards plot. Lines are batched newline-separated into datagrams of at
/// most <see cref="StatsdReporterOptions.MaxDatagramBytes"/>; a line longer than that alone is dropped
/// (a cut line would be a wrong number). The socket is unconnected, so an ICMP "port unreachable" from
/// a receiver that is down never fails later sends.
/// </summary>
public sealed class StatsdReporter : PeriodicReporter
{
    private readonly StatsdReporterOptions _options;
    private readonly Socket _socket;
    private readonly string _suffix;

    public StatsdReporter(StatsdReporterOptions options, Func<CancellationToken, ValueTask<IReadOnlyList<MetricSample>>> source)
        : base(source, Checked(options).Interval, options.TimeProvider, options.Log)
    {
        _options = options;
        _suffix = options.Tags.Count == 0 ? "|g" : "|g|#" + string.Join(',', options.Tags);
        _socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true };
    }

    /// <summary>
    /// The datagrams for <paramref name="samples"/>: one <c>name:value|g[|#tags]</c> line per finite
    /// sample, a negative value preceded by <c>name:0|g</c> (StatsD reads a signed gauge as a delta).
    /// </summary>
    public static List<byte[]> Datagrams(IReadOnlyList<MetricSample> samples, string suffix, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var datagrams = new List<byte[]>();
        var batch = new StringBuilder(maxBytes);
        int batchBytes = 0;
        foreach (MetricSample sample in samples)
        {
            if (!double.IsFinite(sample.Value))
                continue;
            string name = Name(sample.Name);
            if (sample.Value < 0)
                Add(name + ":0" + suffix);
            Add(name + ":" + sample.Value.ToString("R", CultureInfo.InvariantCulture) + suffix);
        }
        if (batchBytes > 0)
            datagrams.Add(Encoding.UTF8.GetBytes(batch.ToString()));
        return datagrams;

        void Add(string line)
        {
            int bytes = Encoding.UTF8.GetByteCount(line);
            if (bytes > maxBytes)
                return;
            int needed = batchBytes == 0 ? bytes : bytes + 1;
            if (batchBytes + needed > maxBytes)
            {
                datagrams.Add(Encoding.UTF8.GetBytes(batch.ToString()));
                batch.Clear();
                batchBytes = 0;
                needed = bytes;
            }
            if (batchBytes > 0)
                batch.Append('\n');
            batch.Append(line);
            batchBytes += needed;
        }
    }

    /// <summary>StatsD's separators (<c>:</c>, <c>|</c>, <c>@</c>, <c>#</c>) and whitespace cannot appear in a name.</summary>
    public static string Name(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.AsSpan().IndexOfAny(":|@#, \t\n") < 0)
            return name;
        var sb = new StringBuilder(name);
        for (int i = 0; i < sb.Length; i++)
        {
            if (sb[i] is ':' or '|' or '@' or '#' or ',' || char.IsWhiteSpace(sb[i]))
                sb[i] = '_';
        }
        return sb.ToString();
    }

    protected override async Task SendAsync(IReadOnlyList<MetricSample> samples, CancellationToken cancellationToken)
    {
        IPAddress address = await Resolve(_options.Host, cancellationToken).ConfigureAwait(false);
        var target = new IPEndPoint(address.AddressFamily == AddressFamily.InterNetwork ? address.MapToIPv6() : address, _options.Port);
        foreach (byte[] datagram in Datagrams(samples, _suffix, _options.MaxDatagramBytes))
            await _socket.SendToAsync(datagram, SocketFlags.None, target, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<IPAddress> Resolve(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out IPAddress? literal))
            return literal;
        IPAddress[] addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
            throw new SocketException((int)SocketError.HostNotFound);
        return addresses[0];
    }

    private static StatsdReporterOptions Checked(StatsdReporterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Host);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDatagramBytes, 64);
        return options;
    }

    protected override void DisposeTransport() => _socket.Dispose();
}

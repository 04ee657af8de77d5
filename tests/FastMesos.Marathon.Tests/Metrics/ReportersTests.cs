using System.Net;
using System.Net.Sockets;
using System.Text;
using FastMesos.Hosting.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace FastMesos.Marathon.Tests.Metrics;

/// <summary>The push reporters against real receivers on 127.0.0.1 (UDP for StatsD/DataDog, TCP for Graphite).</summary>
public sealed class ReportersTests
{
    private static readonly TimeSpan Receive = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Statsd_sends_every_sample_as_a_gauge_on_its_interval()
    {
        using var receiver = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var time = new FakeTimeProvider();
        MetricSample[] samples = [new("marathon.tasks.launched.counter", 3), new("marathon.apps.active.gauge", 1.5)];
        await using var reporter = new StatsdReporter(new StatsdReporterOptions
        {
            Host = "127.0.0.1",
            Port = Port(receiver),
            Interval = TimeSpan.FromSeconds(10),
            TimeProvider = time,
        }, _ => ValueTask.FromResult<IReadOnlyList<MetricSample>>(samples));

        time.Advance(TimeSpan.FromSeconds(10)); // the timer fires the report
        string datagram = await ReceiveAsync(receiver);
        Assert.Equal("marathon.tasks.launched.counter:3|g\nmarathon.apps.active.gauge:1.5|g", datagram);
        await Eventually.Until(() => reporter.Reports == 1, "the report to be counted");
    }

    [Fact]
    public async Task DataDog_lines_carry_tags()
    {
        using var receiver = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await using var reporter = new StatsdReporter(new StatsdReporterOptions
        {
            Host = "localhost",
            Port = Port(receiver),
            Tags = ["env:test", "dc:one"],
            TimeProvider = new FakeTimeProvider(),
        }, _ => ValueTask.FromResult<IReadOnlyList<MetricSample>>([new("marathon.uptime.gauge.seconds", 7)]));
        await reporter.ReportOnceAsync();
        Assert.Equal("marathon.uptime.gauge.seconds:7|g|#env:test,dc:one", await ReceiveAsync(receiver));
    }

    [Fact]
    public void Datagrams_are_batched_up_to_the_limit_and_an_oversized_line_is_dropped()
    {
        var samples = new List<MetricSample>();
        for (int i = 0; i < 200; i++)
            samples.Add(new MetricSample($"marathon.some.metric.number.{i:D3}.counter", i));
        samples.Add(new MetricSample(new string('x', 2000), 1));
        samples.Add(new MetricSample("bad:name|x", -2));
        samples.Add(new MetricSample("nan", double.NaN));

        List<byte[]> datagrams = StatsdReporter.Datagrams(samples, "|g", StatsdReporterOptions.DefaultMaxDatagramBytes);
        Assert.True(datagrams.Count > 1);
        var lines = new List<string>();
        foreach (byte[] datagram in datagrams)
        {
            Assert.InRange(datagram.Length, 1, StatsdReporterOptions.DefaultMaxDatagramBytes);
            lines.AddRange(Encoding.UTF8.GetString(datagram).Split('\n'));
        }
        Assert.Equal(202, lines.Count); // 200 + the negative gauge's reset and value; the long line and NaN dropped
        Assert.Equal("marathon.some.metric.number.000.counter:0|g", lines[0]);
        Assert.Equal(["bad_name_x:0|g", "bad_name_x:-2|g"], lines[^2..]);
    }

    [Fact]
    public async Task A_receiver_that_is_down_is_logged_and_reporting_continues()
    {
        int port;
        using (var closed = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
            port = Port(closed);
        var log = new List<string>();
        int reads = 0;
        await using var graphite = new GraphiteReporter(new GraphiteReporterOptions
        {
            Host = "127.0.0.1",
            Port = port, // nothing listens on TCP there either (the UDP port was just freed)
            TimeProvider = new FakeTimeProvider(),
            Log = m => { lock (log) log.Add(m); },
        }, _ =>
        {
            reads++;
            return ValueTask.FromResult<IReadOnlyList<MetricSample>>([new("a", 1)]);
        });
        await graphite.ReportOnceAsync();
        await graphite.ReportOnceAsync();
        Assert.Equal(2, graphite.Failures);
        Assert.Equal(2, reads);
        Assert.Contains(log, m => m.Contains("GraphiteReporter", StringComparison.Ordinal));

        await using var statsd = new StatsdReporter(new StatsdReporterOptions { Host = "127.0.0.1", Port = port, TimeProvider = new FakeTimeProvider() },
            _ => ValueTask.FromResult<IReadOnlyList<MetricSample>>([new("a", 1)]));
        await statsd.ReportOnceAsync();
        await statsd.ReportOnceAsync(); // an ICMP port-unreachable from the first must not fail the second
        Assert.Equal(0, statsd.Failures);
        Assert.Equal(2, statsd.Reports);
    }

    [Fact]
    public async Task Graphite_sends_plaintext_lines_with_prefix_and_unix_time()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        GraphiteReporterOptions options = GraphiteReporterOptions.Parse($"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}?prefix=prod&interval=10");
        Assert.Equal(TimeSpan.FromSeconds(10), options.Interval);
        await using var reporter = new GraphiteReporter(options with { TimeProvider = time },
            _ => ValueTask.FromResult<IReadOnlyList<MetricSample>>([new("marathon.apps.active.gauge", 2), new("marathon.x.count", 5)]));

        Task<string> received = ReadAllAsync(listener);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("prod.marathon.apps.active.gauge 2 1700000010\nprod.marathon.x.count 5 1700000010\n", await received.WaitAsync(Receive));
    }

    [Theory]
    [InlineData("udp://h:2003")]
    [InlineData("tcp://h")]
    [InlineData("tcp://h:2003?interval=0")]
    [InlineData("tcp://h:2003?period=5")]
    public void Bad_graphite_urls_are_refused(string url) => Assert.Throws<FormatException>(() => GraphiteReporterOptions.Parse(url));

    private static int Port(UdpClient client) => ((IPEndPoint)client.Client.LocalEndPoint!).Port;

    private static async Task<string> ReceiveAsync(UdpClient receiver)
    {
        using var timeout = new CancellationTokenSource(Receive);
        UdpReceiveResult result = await receiver.ReceiveAsync(timeout.Token);
        return Encoding.UTF8.GetString(result.Buffer);
    }

    private static async Task<string> ReadAllAsync(TcpListener listener)
    {
        using var timeout = new CancellationTokenSource(Receive);
        using TcpClient client = await listener.AcceptTcpClientAsync(timeout.Token);
        using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
        return await reader.ReadToEndAsync(timeout.Token);
    }
}

using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Tests.Buffers;
using FastMesos.Transport.Tests.Connections.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace FastMesos.Transport.Tests.Connections;

/// <summary>Backoff math, and a dialer that reconnects on a fake clock (following a locator: ReconnectingDialerTests.Locator.cs).</summary>
public sealed partial class ReconnectingDialerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    private readonly DiagnosticMemoryPool _pool = new();
    private readonly TestLog _log = new(output);
    private readonly FakeTimeProvider _time = new();
    private readonly Channel<FrameConnection> _connected = Channel.CreateUnbounded<FrameConnection>();
    private readonly Channel<CloseInfo> _disconnected = Channel.CreateUnbounded<CloseInfo>();
    private readonly Channel<(int Attempt, TimeSpan Delay, Exception? Error)> _backoffs = Channel.CreateUnbounded<(int, TimeSpan, Exception?)>();

    [Fact]
    public void The_ceiling_doubles_up_to_the_maximum()
    {
        var ceilings = Enumerable.Range(0, 8).Select(attempt => Backoff.Ceiling(attempt, Base, Max).TotalSeconds);
        Assert.Equal(new double[] { 1, 2, 4, 8, 16, 30, 30, 30 }, ceilings);
        Assert.Equal(Max, Backoff.Ceiling(int.MaxValue, Base, Max));
    }

    [Fact]
    public void Full_jitter_stays_under_the_ceiling_and_repeats_with_the_seed()
    {
        var first = new Random(42);
        var second = new Random(42);
        var seen = new HashSet<TimeSpan>();
        for (int attempt = 0; attempt < 40; attempt++)
        {
            TimeSpan delay = Backoff.FullJitter(attempt, Base, Max, first);
            Assert.Equal(delay, Backoff.FullJitter(attempt, Base, Max, second));
            Assert.InRange(delay, TimeSpan.Zero, Backoff.Ceiling(attempt, Base, Max));
            seen.Add(delay);
        }

        Assert.True(seen.Count > 30, "delays are spread, not constant");
    }

    [Fact]
    public async Task Redials_after_the_connection_drops()
    {
        var transport = new InProcTransport();
        var server = new TestHandler();
        IListener listener = await transport.ListenAsync(new InProcEndPoint("master"), ListenOptions(), server);
        ReconnectingDialer dialer = NewDialer(transport, listener.LocalEndPoint);
        dialer.Start();

        FrameConnection first = await Next(_connected, "the first connection");
        Assert.Same(first, dialer.Current);
        FrameConnection accepted = await server.NextConnectionAsync();
        accepted.Close(CloseReason.HeartbeatTimeout, "missed 5 heartbeats");

        Assert.Equal(CloseReason.RemoteClosed, (await Next(_disconnected, "the disconnect")).Reason);
        var backoff = await Next(_backoffs, "a backoff");
        Assert.Equal(0, backoff.Attempt);
        Assert.Null(backoff.Error);
        Assert.InRange(backoff.Delay, TimeSpan.Zero, Base);
        Assert.Null(dialer.Current);

        _time.Advance(backoff.Delay);
        FrameConnection second = await Next(_connected, "the redial");
        Assert.NotSame(first, second);
        Assert.Equal(PeerRole.Master, second.RemoteRole);

        await Wait.For(dialer.DisposeAsync().AsTask(), "the dialer to stop");
        Assert.Equal(CloseReason.LocalClose, (await Wait.For(second.Closed, "the dialer's connection to close")).Reason);
        await listener.StopAsync();
        await _pool.AssertAllReturnedAsync();
    }

    [Fact]
    public async Task Backs_off_longer_while_nothing_listens_then_connects()
    {
        var transport = new InProcTransport();
        var endPoint = new InProcEndPoint("not-yet");
        ReconnectingDialer dialer = NewDialer(transport, endPoint);
        dialer.Start();

        for (int attempt = 0; attempt < 4; attempt++)
        {
            var backoff = await Next(_backoffs, $"backoff {attempt}");
            Assert.Equal(attempt, backoff.Attempt);
            Assert.IsType<IOException>(backoff.Error);
            Assert.InRange(backoff.Delay, TimeSpan.Zero, Backoff.Ceiling(attempt, Base, Max));
            if (attempt == 3)
                await transport.ListenAsync(endPoint, ListenOptions(), new TestHandler());
            _time.Advance(backoff.Delay);
        }

        FrameConnection connection = await Next(_connected, "the connection once something listens");
        Assert.Null(connection.CloseInfo);
        await Wait.For(dialer.DisposeAsync().AsTask(), "the dialer to stop");
        Assert.False(_backoffs.Reader.TryRead(out _), "no retries after dispose");
        await Wait.For(connection.Closed, "the connection to close");
        await _pool.AssertAllReturnedAsync();
    }

    [Fact]
    public async Task Refused_tcp_dials_back_off()
    {
        // A port that was just free: bind, note it, release it.
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var endPoint = (IPEndPoint)probe.LocalEndPoint!;
        probe.Close();

        ReconnectingDialer dialer = NewDialer(TcpTransport.Instance, endPoint);
        dialer.Start();
        var backoff = await Next(_backoffs, "a backoff after the refused dial");
        Assert.IsType<SocketException>(backoff.Error);
        await Wait.For(dialer.DisposeAsync().AsTask(), "the dialer to stop");
    }

    private ReconnectingDialer NewDialer(ITransport transport, EndPoint endPoint) => NewDialer(transport, new FixedMasterLocator(endPoint));

    private ReconnectingDialer NewDialer(ITransport transport, IMasterLocator locator) =>
        new(transport, locator, new DialOptions { LocalRole = PeerRole.Agent, MemoryPool = _pool, Log = _log.Sink, TimeProvider = _time }, new TestHandler(),
            new ReconnectOptions { BaseDelay = Base, MaxDelay = Max, Seed = 7, TimeProvider = _time })
        {
            Connected = connection => _connected.Writer.TryWrite(connection),
            Disconnected = (_, info) => _disconnected.Writer.TryWrite(info),
            BackingOff = (attempt, delay, error) => _backoffs.Writer.TryWrite((attempt, delay, error)),
        };

    private ListenerOptions ListenOptions() => new() { LocalRole = PeerRole.Master, MemoryPool = _pool, Log = _log.Sink, TimeProvider = _time };

    private static Task<T> Next<T>(Channel<T> channel, string what) => Next(channel.Reader, what);

    private static Task<T> Next<T>(ChannelReader<T> reader, string what) => Wait.For(reader.ReadAsync().AsTask(), what);
}

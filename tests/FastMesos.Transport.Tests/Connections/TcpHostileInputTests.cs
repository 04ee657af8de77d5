using System.Net;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Tests.Buffers;
using FastMesos.Transport.Tests.Connections.Support;
using FastMesos.Transport.Tests.Framing;
using Xunit.Abstractions;

namespace FastMesos.Transport.Tests.Connections;

/// <summary>
/// Raw sockets throwing bad bytes at a TCP listener: random bytes, bit flips of a valid session,
/// a 4 GiB length, regression literals. Each closes only its own connection, with a logged reason,
/// within a bounded time and without holding buffers, while a well-behaved connection keeps echoing.
/// </summary>
public sealed class TcpHostileInputTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan CloseBound = TimeSpan.FromSeconds(10);

    private readonly DiagnosticMemoryPool _pool = new();
    private readonly TestLog _log = new(output);
    private readonly TestHandler _server = new() { Echo = true };
    private readonly TestHandler _client = new();
    private readonly List<IAsyncDisposable> _cleanup = new();
    private IListener _listener = null!;
    private FrameConnection _healthy = null!;

    public async Task InitializeAsync()
    {
        var options = new ListenerOptions { LocalRole = PeerRole.Master, MemoryPool = _pool, Log = _log.Sink, SendPauseThreshold = 64L * 1024 * 1024, SendResumeThreshold = 32L * 1024 * 1024 };
        _listener = await TcpTransport.Instance.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), options, _server);
        _healthy = await TcpTransport.Instance.DialAsync(_listener.LocalEndPoint, new DialOptions { LocalRole = PeerRole.Agent, MemoryPool = _pool, Log = _log.Sink }, _client);
        await _server.NextConnectionAsync();
        await AssertHealthyEchoesAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (IAsyncDisposable item in _cleanup)
            await item.DisposeAsync();
        await AssertHealthyEchoesAsync();
        await Wait.For(_healthy.CloseAsync(), "the healthy connection to close");
        await Wait.For(_listener.StopAsync().AsTask(), "the listener to stop");
        await _pool.AssertAllReturnedAsync();
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Random_bytes_after_the_preamble(int seed)
    {
        var random = new Random(seed);
        var garbage = new byte[random.Next(1, 600)];
        random.NextBytes(garbage);
        await AssertClosesAlone(garbage, handshake: true, sendFin: true);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Random_frames_with_plausible_lengths(int seed)
    {
        // Headers with small lengths and random types and bodies, so the reader gets past the first
        // header: some frames are whole, some lengths lie, the last one is usually cut short.
        var random = new Random(seed);
        var stream = new List<byte>();
        for (int i = random.Next(1, 20); i > 0; i--)
        {
            int declared = random.Next(0, 80);
            stream.AddRange(BitConverter.GetBytes(declared));
            stream.AddRange(BitConverter.GetBytes((ushort)random.Next(0, 0x10000)));
            var body = new byte[random.Next(0, 80)];
            random.NextBytes(body);
            stream.AddRange(body);
        }

        await AssertClosesAlone(stream.ToArray(), handshake: true, sendFin: true);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Random_bytes_instead_of_a_preamble(int seed)
    {
        var random = new Random(seed);
        var garbage = new byte[random.Next(1, 600)];
        random.NextBytes(garbage);
        await AssertClosesAlone(garbage, handshake: false, sendFin: true);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task A_bit_flip_anywhere_in_a_valid_session(int seed)
    {
        var random = new Random(seed);
        byte[] session = TestFrames.Concat(
            PreambleBytes(),
            TestFrames.Encode(1, TestFrames.Payload(30, seed)),
            TestFrames.Encode(2, []),
            TestFrames.Encode(3, TestFrames.Payload(200, seed + 1)));
        int bit = random.Next(session.Length * 8);
        session[bit / 8] ^= (byte)(1 << (bit % 8));
        await AssertClosesAlone(session, handshake: false, sendFin: true);
    }

    [Fact]
    public async Task A_4GiB_length_is_refused_from_its_header_alone()
    {
        long rentedBefore = _pool.TotalRented;
        IRawPeer peer = await RawAsync();
        await HandshakeAsync(peer);
        FrameConnection accepted = await _server.NextConnectionAsync();

        // No FIN: the length alone must close the connection, and nothing is allocated for it.
        await peer.SendAsync(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF });

        CloseInfo info = await Wait.For(accepted.Closed, "the connection to close", CloseBound);
        Assert.Equal(CloseReason.FrameTooLarge, info.Reason);
        Assert.Equal("a frame declared 4294967295 bytes, over the maximum of 4194304", info.Message);
        await peer.ReceiveUntilClosedAsync(CloseBound);
        Assert.True(_pool.TotalRented - rentedBefore < 16, $"{_pool.TotalRented - rentedBefore} blocks rented");
    }

    [Theory]
    [MemberData(nameof(FrameRegressionInputs.FrameStreams), MemberType = typeof(FrameRegressionInputs))]
    public async Task Regression_frame_streams(string name, byte[] input)
    {
        output.WriteLine(name);
        await AssertClosesAlone(input, handshake: true, sendFin: true);
    }

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (int seed = 1; seed <= 12; seed++)
            seeds.Add(seed);
        return seeds;
    }

    private async Task AssertClosesAlone(byte[] input, bool handshake, bool sendFin)
    {
        IRawPeer peer = await RawAsync();
        FrameConnection? accepted = null;
        if (handshake)
        {
            await HandshakeAsync(peer);
            accepted = await _server.NextConnectionAsync();
        }

        await peer.SendAsync(input);
        if (sendFin)
            peer.ShutdownSend();

        // The listener closes the connection in bounded time, whatever the bytes were.
        await peer.ReceiveUntilClosedAsync(CloseBound);
        if (accepted is not null)
        {
            CloseInfo info = await Wait.For(accepted.Closed, "the hostile connection to close", CloseBound);
            output.WriteLine($"closed: {info}");
            Assert.True(_log.Contains($"connection {accepted.Id} ") && _log.Contains("closed: " + info.Reason), "the close reason was logged");
        }

        await Wait.UntilAsync(() => _listener.ConnectionCount == 1, "only the healthy connection to remain", CloseBound);
        await AssertHealthyEchoesAsync();
        Assert.Null(_healthy.CloseInfo);
    }

    private async Task AssertHealthyEchoesAsync()
    {
        long before = _client.CountOf(_healthy);
        Assert.True(await Wait.Sent(_healthy.SendAsync(9, new byte[] { 1, 2, 3 })));
        await _client.WaitForFramesAsync(_healthy, before + 1);
    }

    private async Task<IRawPeer> RawAsync()
    {
        IRawPeer peer = await RawSocketPeer.ConnectAsync(_listener.LocalEndPoint);
        _cleanup.Add(peer);
        return peer;
    }

    private static async Task HandshakeAsync(IRawPeer peer)
    {
        await peer.SendAsync(PreambleBytes());
        Assert.Equal(Preamble.FixedSize, (await peer.ReceiveAsync(Preamble.FixedSize)).Length);
    }

    private static byte[] PreambleBytes()
    {
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        Preamble.Write(writer, TransportInfo.ProtocolVersion, PeerRole.Agent, default);
        return writer.WrittenSpan.ToArray();
    }
}

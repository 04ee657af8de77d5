using System.Buffers;
using System.Net;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Tests.Buffers;
using FastMesos.Transport.Tests.Connections.Support;
using Xunit.Abstractions;

namespace FastMesos.Transport.Tests.Connections;

/// <summary>
/// The contract every transport keeps, run once per implementation (<see cref="TcpTransportContractTests"/>,
/// <see cref="InProcTransportContractTests"/>). Every test ends, in <see cref="DisposeAsync"/>, by
/// closing what it opened and asserting every pool block came back.
/// </summary>
public abstract partial class TransportContractTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _cleanup = new();

    protected TransportContractTests(ITestOutputHelper output)
    {
        Output = output;
        Log = new TestLog(output);
    }

    protected ITestOutputHelper Output { get; }

    protected TestLog Log { get; }

    protected DiagnosticMemoryPool Pool { get; } = new();

    protected abstract ITransport Transport { get; }

    protected abstract EndPoint NewEndPoint();

    protected abstract Task<IRawPeer> ConnectRawAsync(EndPoint endPoint);

    /// <summary>Socket sends made by a connection; null where there is no socket.</summary>
    protected virtual long? SocketSends(FrameConnection connection) => null;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (int i = _cleanup.Count - 1; i >= 0; i--)
            await Wait.For(_cleanup[i].DisposeAsync().AsTask(), $"closing {_cleanup[i]}");
        await Pool.AssertAllReturnedAsync();
    }

    protected ListenerOptions ListenOptions(
        TimeProvider? time = null,
        TimeSpan? idle = null,
        TimeSpan? handshake = null,
        TimeSpan? sendStall = null,
        IReadOnlyCollection<PeerRole>? roles = null,
        string? token = null,
        int maxFrameSize = 4 * 1024 * 1024,
        long sendPause = 1024 * 1024,
        ManualFlushScheduler? flushScheduler = null) => new()
        {
            LocalRole = PeerRole.Master,
            FlushScheduler = flushScheduler,
            MemoryPool = Pool,
            Log = Log.Sink,
            TimeProvider = time ?? TimeProvider.System,
            IdleTimeout = idle ?? Timeout.InfiniteTimeSpan,
            HandshakeTimeout = handshake ?? TimeSpan.FromSeconds(10),
            SendStallTimeout = sendStall ?? TimeSpan.FromSeconds(30),
            AllowedRoles = roles,
            RequiredToken = token,
            MaxFrameSize = maxFrameSize,
            SendPauseThreshold = sendPause,
            SendResumeThreshold = sendPause / 2,
        };

    protected DialOptions DialOptions(
        PeerRole role = PeerRole.Agent,
        string? token = null,
        PeerRole? expect = null,
        int maxFrameSize = 4 * 1024 * 1024,
        long sendPause = 1024 * 1024,
        ManualFlushScheduler? flushScheduler = null) => new()
        {
            LocalRole = role,
            AuthToken = token,
            ExpectedRemoteRole = expect,
            MemoryPool = Pool,
            Log = Log.Sink,
            MaxFrameSize = maxFrameSize,
            SendPauseThreshold = sendPause,
            SendResumeThreshold = sendPause / 2,
            FlushScheduler = flushScheduler,
        };

    protected async Task<IListener> ListenAsync(ListenerOptions options, IFrameHandler handler)
    {
        IListener listener = await Transport.ListenAsync(NewEndPoint(), options, handler);
        _cleanup.Add(listener);
        return listener;
    }

    protected async Task<FrameConnection> DialAsync(IListener listener, IFrameHandler handler, DialOptions? options = null)
    {
        FrameConnection connection = await Wait.For(Transport.DialAsync(listener.LocalEndPoint, options ?? DialOptions(), handler).AsTask(), "a dial");
        _cleanup.Add(connection);
        return connection;
    }

    protected async Task<IRawPeer> RawAsync(IListener listener)
    {
        IRawPeer peer = await ConnectRawAsync(listener.LocalEndPoint);
        _cleanup.Add(peer);
        return peer;
    }

    /// <summary>A preamble as a raw peer sends it.</summary>
    protected static byte[] PreambleBytes(PeerRole role = PeerRole.Agent, byte version = TransportInfo.ProtocolVersion, string token = "")
    {
        var writer = new ArrayBufferWriter<byte>();
        Preamble.Write(writer, version, role, System.Text.Encoding.UTF8.GetBytes(token));
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Sends a valid preamble and reads the listener's answer.</summary>
    protected static async Task HandshakeRawAsync(IRawPeer peer)
    {
        await peer.SendAsync(PreambleBytes());
        byte[] answer = await peer.ReceiveAsync(Preamble.FixedSize);
        Assert.Equal("FMSH"u8.ToArray(), answer[..4]);
    }

    protected static async Task EchoOnceAsync(FrameConnection connection, TestHandler handler, ushort messageType, byte[] payload)
    {
        long before = handler.CountOf(connection);
        Assert.True(await Wait.Sent(connection.SendAsync(messageType, payload)));
        await handler.WaitForFramesAsync(connection, before + 1);
        var echoed = handler.FramesOf(connection)[(int)before];
        Assert.Equal(messageType, echoed.Type);
        Assert.Equal(payload, echoed.Payload);
    }
}

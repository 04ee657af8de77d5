using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using FastMesos.Transport.Connections;

namespace FastMesos.Transport.Tests.Connections.Support;

/// <summary>
/// A frame handler that records what it sees, per connection, and optionally echoes every frame or
/// throws on one message type. Connections and closes are queued for tests to await.
/// </summary>
public sealed class TestHandler : IFrameHandler
{
    private readonly Channel<FrameConnection> _connected = Channel.CreateUnbounded<FrameConnection>();
    private readonly ConcurrentDictionary<long, Received> _received = new();
    private readonly ConcurrentQueue<(FrameConnection Connection, CloseInfo Info)> _closed = new();
    private int _connectedCount;
    private int _connectedThreadId;

    /// <summary>Send every frame back on the connection it came from.</summary>
    public bool Echo { get; init; }

    /// <summary>Throw from OnFrame for this message type.</summary>
    public ushort? ThrowOn { get; init; }

    /// <summary>Keep payload copies (off for throughput runs).</summary>
    public bool Record { get; init; } = true;

    /// <summary>Frames to send from OnGreeting (dialer side: behind the preamble, before the listener answers).</summary>
    public (ushort Type, byte[] Payload)[] Greeting { get; init; } = [];

    /// <summary>Throw from OnGreeting.</summary>
    public bool ThrowOnGreeting { get; init; }

    /// <summary>Each greeting frame's TrySend result, and the remote role the connection reported meanwhile.</summary>
    public ConcurrentQueue<(bool Sent, PeerRole RemoteRole)> GreetingSends { get; } = new();

    /// <summary>The managed thread that ran the latest OnConnected.</summary>
    public int ConnectedThreadId => Volatile.Read(ref _connectedThreadId);

    /// <summary>OnConnected calls so far.</summary>
    public int ConnectedCount => Volatile.Read(ref _connectedCount);

    public IReadOnlyCollection<(FrameConnection Connection, CloseInfo Info)> ClosedEvents => _closed.ToArray();

    public void OnGreeting(FrameConnection connection)
    {
        if (ThrowOnGreeting)
            throw new InvalidOperationException("handler refuses to greet");
        foreach ((ushort type, byte[] payload) in Greeting)
            GreetingSends.Enqueue((connection.TrySend(type, payload), connection.RemoteRole));
    }

    public long EchoFailures;

    public void OnConnected(FrameConnection connection)
    {
        _received.TryAdd(connection.Id, new Received());
        Volatile.Write(ref _connectedThreadId, Environment.CurrentManagedThreadId);
        Interlocked.Increment(ref _connectedCount);
        _connected.Writer.TryWrite(connection);
    }

    public void OnClosed(FrameConnection connection, CloseInfo info) => _closed.Enqueue((connection, info));

    public void OnFrame(FrameConnection connection, ushort messageType, in ReadOnlySequence<byte> payload)
    {
        if (messageType == ThrowOn)
            throw new InvalidOperationException($"handler refuses message type {messageType}");

        Received received = _received.GetOrAdd(connection.Id, static _ => new Received());
        if (Record)
        {
            byte[] copy = payload.ToArray();
            lock (received.Frames)
                received.Frames.Add((messageType, copy));
        }

        Interlocked.Increment(ref received.Count);
        if (Echo)
        {
            bool sent = payload.IsSingleSegment
                ? connection.TrySend(messageType, payload.FirstSpan)
                : connection.TrySend(messageType, payload.ToArray());
            if (!sent)
                Interlocked.Increment(ref EchoFailures);
        }
    }

    /// <summary>The next established connection not yet taken, if any (no waiting).</summary>
    public bool TryTakeConnection(out FrameConnection? connection) => _connected.Reader.TryRead(out connection);

    public async Task<FrameConnection> NextConnectionAsync(TimeSpan? timeout = null) =>
        await Wait.For(_connected.Reader.ReadAsync().AsTask(), "a connection to be established", timeout);

    public long CountOf(FrameConnection connection) =>
        _received.TryGetValue(connection.Id, out Received? received) ? Interlocked.Read(ref received.Count) : 0;

    public List<(ushort Type, byte[] Payload)> FramesOf(FrameConnection connection)
    {
        if (!_received.TryGetValue(connection.Id, out Received? received))
            return new();
        lock (received.Frames)
            return new(received.Frames);
    }

    public Task WaitForFramesAsync(FrameConnection connection, long count, TimeSpan? timeout = null) =>
        Wait.UntilAsync(() => CountOf(connection) >= count, $"{count} frames on {connection} (have {CountOf(connection)})", timeout);

    private sealed class Received
    {
        public readonly List<(ushort Type, byte[] Payload)> Frames = new();
        public long Count;
    }
}

using System.Collections.Concurrent;
using System.Net;

namespace FastMesos.Transport.Connections;

/// <summary>An in-process listener: dials to its name become connection pairs over pipes.</summary>
internal sealed class InProcListener : IListener
{
    private readonly InProcTransport _transport;
    private readonly ConcurrentDictionary<long, FrameConnection> _connections = new();
    private readonly Action<FrameConnection> _untrack;
    private int _stopped;

    internal InProcListener(InProcTransport transport, InProcEndPoint endPoint, ListenerOptions options, IFrameHandler handler)
    {
        _transport = transport;
        EndPoint = endPoint;
        Options = options;
        Handler = handler;
        _untrack = connection => _connections.TryRemove(connection.Id, out _);
    }

    public EndPoint LocalEndPoint => EndPoint;

    public int ConnectionCount => _connections.Count;

    internal InProcEndPoint EndPoint { get; }

    internal ListenerOptions Options { get; }

    internal IFrameHandler Handler { get; }

    internal bool IsStopped => Volatile.Read(ref _stopped) != 0;

    internal void Accept(InProcFrameConnection connection)
    {
        connection.TeardownCallback = _untrack;
        _connections[connection.Id] = connection;
        connection.Start();

        // A dial that raced StopAsync past its snapshot of the connections is closed here instead.
        if (IsStopped)
            connection.Close(CloseReason.LocalClose, "the listener stopped");
    }

    public async ValueTask StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
            return;
        _transport.Unregister(this);
        var closing = new List<Task<CloseInfo>>(_connections.Count);
        foreach (FrameConnection connection in _connections.Values)
            closing.Add(connection.CloseAsync("the listener stopped"));
        await Task.WhenAll(closing).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => StopAsync();
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace FastMesos.Transport.Connections;

/// <summary>Accepts TCP connections and runs each as a <see cref="TcpFrameConnection"/>; tracks them until they are torn down.</summary>
internal sealed class TcpFrameListener : IListener
{
    private readonly Socket _socket;
    private readonly ListenerOptions _options;
    private readonly IFrameHandler _handler;
    private readonly ConcurrentDictionary<long, FrameConnection> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Action<FrameConnection> _untrack;
    private Task _acceptLoop = Task.CompletedTask;
    private int _stopped;

    private TcpFrameListener(Socket socket, ListenerOptions options, IFrameHandler handler)
    {
        _socket = socket;
        _options = options;
        _handler = handler;
        LocalEndPoint = socket.LocalEndPoint!;
        _untrack = connection => _connections.TryRemove(connection.Id, out _);
    }

    public EndPoint LocalEndPoint { get; }

    public int ConnectionCount => _connections.Count;

    internal static TcpFrameListener Start(IPEndPoint endPoint, ListenerOptions options, IFrameHandler handler)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(options.Backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var listener = new TcpFrameListener(socket, options, handler);
        listener._acceptLoop = listener.AcceptLoopAsync();
        return listener;
    }

    public async ValueTask StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
            return;
        _stopping.Cancel();
        _socket.Dispose();
        await _acceptLoop.ConfigureAwait(false);

        // Accepting has stopped, so the set only shrinks from here.
        var closing = new List<Task<CloseInfo>>(_connections.Count);
        foreach (FrameConnection connection in _connections.Values)
            closing.Add(connection.CloseAsync("the listener stopped"));
        await Task.WhenAll(closing).ConfigureAwait(false);
        _stopping.Dispose();
    }

    public ValueTask DisposeAsync() => StopAsync();

    private async Task AcceptLoopAsync()
    {
        CancellationToken stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                // A connection reset before accept completed, or the process is out of descriptors:
                // log and keep accepting, with a pause so a persistent error cannot spin the loop.
                _options.Log?.Invoke($"tcp listener {LocalEndPoint}: accept failed: {ex.SocketErrorCode}");
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(10), _options.TimeProvider, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            accepted.NoDelay = true;
            TcpFrameConnection connection = TcpFrameConnection.Create(accepted, _options, _handler);
            connection.TeardownCallback = _untrack;
            _connections[connection.Id] = connection;
            connection.Start();
        }
    }
}

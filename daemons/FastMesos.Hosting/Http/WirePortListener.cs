using System.IO.Pipelines;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;

namespace FastMesos.Hosting.Http;

/// <summary>
/// Kestrel's side of the hand-over: the wire listener's fallback queues non-wire connections here,
/// Kestrel accepts them as if from a socket. Implements both the factory Kestrel asks to bind and
/// the listener it gets back (there is one endpoint per daemon port).
/// </summary>
internal sealed class WirePortListener : IConnectionListenerFactory, IConnectionListenerFactorySelector, IConnectionListener
{
    private readonly Channel<WirePortConnection> _pending = Channel.CreateBounded<WirePortConnection>(
        new BoundedChannelOptions(1024) { SingleReader = false, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait });
    private readonly WirePortEndPoint _endPoint;
    private volatile bool _bound;

    public WirePortListener(WirePortEndPoint endPoint) => _endPoint = endPoint;

    public EndPoint EndPoint => _endPoint;

    public bool CanBind(EndPoint endpoint) => endpoint is WirePortEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (!ReferenceEquals(endpoint, _endPoint))
            throw new InvalidOperationException($"This listener serves {_endPoint}, not {endpoint}.");
        _bound = true;
        return ValueTask.FromResult<IConnectionListener>(this);
    }

    /// <summary>
    /// The wire listener's NonWireFallback: hands the connection to Kestrel and returns when Kestrel
    /// is done with it (the transport then closes the socket). Before Kestrel binds or after it
    /// unbinds, the connection is closed at once.
    /// </summary>
    public async ValueTask ServeAsync(IDuplexPipe pipe, EndPoint? remote)
    {
        if (!_bound)
            return;
        var connection = new WirePortConnection(pipe, remote, _endPoint);
        if (!_pending.Writer.TryWrite(connection))
            return; // Kestrel is not keeping up (1024 queued) or is stopping: refuse by closing.
        await connection.Finished.ConfigureAwait(false);
    }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            if (await _pending.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false) && _pending.Reader.TryRead(out WirePortConnection? next))
                return next;
        }
        catch (OperationCanceledException)
        {
        }

        return null;
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _bound = false;
        _pending.Writer.TryComplete();
        // Connections queued but never accepted must still release their sockets.
        while (_pending.Reader.TryRead(out WirePortConnection? orphan))
            orphan.Abort(new ConnectionAbortedException("The HTTP server stopped."));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => UnbindAsync();
}

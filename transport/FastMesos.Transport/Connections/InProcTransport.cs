using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;

namespace FastMesos.Transport.Connections;

/// <summary>
/// Frame connections inside one process, over pipe pairs: the simulator and deterministic tests run
/// a whole cluster on it. Listeners are named (<see cref="InProcEndPoint"/>) and scoped to this
/// instance, so two tests never see each other's endpoints.
/// </summary>
public sealed class InProcTransport : ITransport
{
    private readonly ConcurrentDictionary<string, InProcListener> _listeners = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<IListener> ListenAsync(EndPoint endPoint, ListenerOptions options, IFrameHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        InProcEndPoint name = AsInProc(endPoint);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var listener = new InProcListener(this, name, options, handler);
        if (!_listeners.TryAdd(name.Name, listener))
            ConnectionThrowHelper.ThrowAlreadyListening(name.Name);
        return new ValueTask<IListener>(listener);
    }

    /// <inheritdoc />
    public ValueTask<FrameConnection> DialAsync(EndPoint endPoint, DialOptions options, IFrameHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        InProcEndPoint name = AsInProc(endPoint);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        InProcListener listener = Find(name);

        // Each direction's pipe is configured by its writer: its pool, its pause thresholds.
        var toListener = new Pipe(options.InProcPipeOptions);
        var toDialer = new Pipe(listener.Options.InProcPipeOptions);
        var dialer = new InProcFrameConnection(toDialer.Reader, toListener.Writer, options, handler, name);
        var accepted = new InProcFrameConnection(toListener.Reader, toDialer.Writer, listener.Options, listener.Handler, new InProcEndPoint("dialer-" + dialer.Id));
        listener.Accept(accepted);
        dialer.Start();
        return dialer.CompleteDialAsync(cancellationToken);
    }

    /// <summary>
    /// Test hook: connects to a listener without a connection object on this side; the caller speaks
    /// raw bytes through the returned pipe ends (hostile input, a peer that stops reading).
    /// </summary>
    internal IDuplexPipe ConnectRaw(InProcEndPoint endPoint)
    {
        InProcListener listener = Find(endPoint);
        var toListener = new Pipe(listener.Options.InProcPipeOptions);
        var toDialer = new Pipe(listener.Options.InProcPipeOptions);
        var accepted = new InProcFrameConnection(toListener.Reader, toDialer.Writer, listener.Options, listener.Handler, new InProcEndPoint("raw"));
        listener.Accept(accepted);
        return new DuplexPipe(toDialer.Reader, toListener.Writer);
    }

    internal void Unregister(InProcListener listener) =>
        _listeners.TryRemove(new KeyValuePair<string, InProcListener>(listener.EndPoint.Name, listener));

    private InProcListener Find(InProcEndPoint endPoint)
    {
        if (!_listeners.TryGetValue(endPoint.Name, out InProcListener? listener) || listener.IsStopped)
            throw new IOException($"Nothing listens at {endPoint} (connection refused).");
        return listener;
    }

    private static InProcEndPoint AsInProc(EndPoint endPoint)
    {
        if (endPoint is not InProcEndPoint name)
        {
            ConnectionThrowHelper.ThrowEndPoint("in-process", nameof(InProcEndPoint));
            return null!;
        }

        return name;
    }
}

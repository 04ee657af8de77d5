using System.IO.Pipelines;
using System.Net;
using FastMesos.Transport.Framing;

namespace FastMesos.Transport.Connections;

/// <summary>
/// One framed, full-duplex connection, over TCP or in process. It opens with a preamble exchange,
/// then delivers every received frame to an <see cref="IFrameHandler"/> and sends frames through
/// <see cref="TrySend{TPayload}"/> / <see cref="SendAsync{TPayload}"/>. Sends are coalesced (many
/// frames per flush and per syscall) and bounded (pause/resume thresholds); the first close reason
/// wins and is reported by <see cref="Closed"/>.
/// </summary>
/// <remarks>
/// Life cycle: handshake → open → closing → torn down. Closing is either orderly (queued frames go
/// out, the peer is read until it closes, bounded by <see cref="ConnectionOptions.CloseTimeout"/>) for
/// <see cref="CloseReason.LocalClose"/> and <see cref="CloseReason.RemoteClosed"/>, or an abort for every fault.
/// Torn down means every loop has ended and every pipe end is completed, so the pipes' buffers are
/// back in the pool; only then does <see cref="Closed"/> complete.
/// Invariants: (1) only the receive path (one loop) reads <c>_input</c>; (2) every write to the
/// output happens under <c>_sendLock</c>, and flushes happen only between frames, so a reader never
/// sees half a frame; (3) at most one flush is pending (awaited) at a time: while one is, the
/// connection is paused and writes nothing.
/// </remarks>
public abstract partial class FrameConnection : IAsyncDisposable
{
    private static long s_nextId;

    private readonly ConnectionOptions _options;
    private readonly ListenerOptions? _listenerOptions;
    private readonly DialOptions? _dialOptions;
    private readonly IFrameHandler _handler;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly FrameWriter _writer;
    private readonly TimeProvider _timeProvider;
    private readonly int _maxFrameSize;
    private readonly TaskCompletionSource<CloseInfo> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Completes true once the preambles are exchanged, false if the connection closed first. A dial
    // with ResumeDialInline continues its awaiter synchronously on success (SucceedHandshake) and
    // queues a failure (FailHandshake); otherwise every continuation is asynchronous.
    private readonly TaskCompletionSource<bool> _handshake;
    private long _framesReceived;
    private int _activeLoops;
    private bool _connectedNotified;

    private protected FrameConnection(PipeReader input, PipeWriter output, ConnectionOptions options, IFrameHandler handler)
    {
        _input = input;
        _output = output;
        _writer = new FrameWriter(output);
        _options = options;
        _listenerOptions = options as ListenerOptions;
        _dialOptions = options as DialOptions;
        _handshake = new(_dialOptions is { ResumeDialInline: true } ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
        _handler = handler;
        _timeProvider = options.TimeProvider;
        _maxFrameSize = options.MaxFrameSize;
        _maxUnflushedBytes = options.MaxUnflushedBytes;
        _trackActivity = options.IdleTimeout != Timeout.InfiniteTimeSpan;
        // The deadlines count from construction, not from Start: a fake clock advanced in between
        // still sees the handshake deadline pass.
        _startTimestamp = _timeProvider.GetTimestamp();
        _lastReceiveTimestamp = _startTimestamp;
        Id = Interlocked.Increment(ref s_nextId);
    }

    /// <summary>A process-unique number, for logs and maps.</summary>
    public long Id { get; }

    /// <summary>This side's role, as sent in its preamble.</summary>
    public PeerRole LocalRole => _options.LocalRole;

    /// <summary>The peer's role from its preamble; <see cref="PeerRole.None"/> until the handshake completes.</summary>
    public PeerRole RemoteRole { get; private set; }

    /// <summary>Whether this side accepted the connection (as opposed to dialing it).</summary>
    public bool IsServer => _listenerOptions is not null;

    /// <summary>The peer's address (an <see cref="IPEndPoint"/>, or an <see cref="InProcEndPoint"/>).</summary>
    public abstract EndPoint? RemoteEndPoint { get; }

    /// <summary>"tcp" or "inproc", for logs.</summary>
    public abstract string TransportName { get; }

    /// <summary>Free for the layer above (for example the agent's slot); the transport never reads it.</summary>
    public object? Tag { get; set; }

    /// <summary>Frames delivered to the handler so far.</summary>
    public long FramesReceived => Volatile.Read(ref _framesReceived);

    /// <summary>The first close reason, or null while the connection is open.</summary>
    public CloseInfo? CloseInfo => Volatile.Read(ref _closeInfo);

    /// <summary>Completes with the first close reason once the connection is torn down and its buffers are returned.</summary>
    public Task<CloseInfo> Closed => _closed.Task;

    /// <summary>Runs when the connection is torn down, before <see cref="Closed"/> completes (the listener's bookkeeping).</summary>
    internal Action<FrameConnection>? TeardownCallback { get; set; }

    /// <summary>Completes true once the preambles are exchanged, false if the connection closed first.</summary>
    internal Task<bool> Handshake => _handshake.Task;

    /// <summary>Whether a non-wire fallback may take this connection (TCP only).</summary>
    private protected virtual bool SupportsFallback => false;

    private protected FrameWriter Writer => _writer;

    /// <inheritdoc />
    public override string ToString() =>
        $"{TransportName} connection {Id} ({LocalRole}->{RemoteRole}{(RemoteEndPoint is { } endPoint ? " " + endPoint : string.Empty)})";

    /// <summary>Starts the handshake, then the frame loop; <paramref name="transportLoops"/> more loops (the socket's) report their end through <see cref="OnLoopExited"/>.</summary>
    private protected void StartCore(int transportLoops)
    {
        _activeLoops = 1 + transportLoops;
        StartTimer();
        _ = RunAsync();
    }

    /// <summary>Waits for the handshake of a dialed connection; throws <see cref="ConnectionClosedException"/> if it failed.</summary>
    internal async ValueTask<FrameConnection> CompleteDialAsync(CancellationToken cancellationToken)
    {
        bool established;
        try
        {
            established = await _handshake.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            CloseCore(new CloseInfo(CloseReason.LocalClose, "the dial was canceled"), graceful: false);
            throw;
        }

        if (!established)
            throw new ConnectionClosedException(Volatile.Read(ref _closeInfo) ?? new CloseInfo(CloseReason.RemoteClosed, "closed during the handshake"));
        return this;
    }

    private protected void Log(string message)
    {
        Action<string>? log = _options.Log;
        if (log is null)
            return;
        try
        {
            log(message);
        }
        catch (Exception)
        {
            // A failing log sink must not take the connection down with it.
        }
    }
}

using System.Buffers;
using System.IO.Pipelines;
using FastMesos.Transport.Buffers;
using FastMesos.Transport.Framing;

namespace FastMesos.Transport.Connections;

/// <summary>
/// Settings every connection has, on either side. Set them once (they are read when a connection
/// starts, and the pipe settings derived from them are cached) and share the object between connections.
/// </summary>
public class ConnectionOptions
{
    private PipeOptions? _sendPipeOptions;
    private PipeOptions? _receivePipeOptions;
    private PipeOptions? _inProcPipeOptions;

    /// <summary>What this side is; sent in the preamble. Required.</summary>
    public PeerRole LocalRole { get; init; }

    /// <summary>The largest frame <c>length</c> (type + payload) sent or accepted; a larger frame closes the connection. Default 4 MiB.</summary>
    public int MaxFrameSize { get; init; } = FrameHeader.DefaultMaxFrameSize;

    /// <summary>
    /// Unsent bytes at which sending pauses: <see cref="FrameConnection.TrySend{TPayload}"/> returns false
    /// and <see cref="FrameConnection.SendAsync{TPayload}"/> waits. Default 1 MiB.
    /// </summary>
    public long SendPauseThreshold { get; init; } = 1024 * 1024;

    /// <summary>Unsent bytes below which a paused sender resumes. Default 512 KiB.</summary>
    public long SendResumeThreshold { get; init; } = 512 * 1024;

    /// <summary>
    /// Bytes a burst of sends may write before one of them flushes inline instead of leaving it to
    /// the scheduled flush; bounds both latency and the memory a burst holds. Default 64 KiB.
    /// </summary>
    public int MaxUnflushedBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// Received bytes buffered before the socket is no longer read (TCP). Must hold the largest
    /// frame, or a frame larger than it could never complete; 0 picks <see cref="MaxFrameSize"/> + 64 KiB.
    /// </summary>
    public long ReceiveBufferLimit { get; init; }

    /// <summary>The smallest buffer the pipes rent. Default 4 KiB.</summary>
    public int MinimumSegmentSize { get; init; } = BlockMemoryPool.DefaultBlockSize;

    /// <summary>Where the pipes rent buffers; null uses <see cref="BlockMemoryPool.Default"/>.</summary>
    public MemoryPool<byte>? MemoryPool { get; init; }

    /// <summary>Close with <see cref="CloseReason.IdleTimeout"/> when no byte arrives for this long. Default: never.</summary>
    public TimeSpan IdleTimeout { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>Close with <see cref="CloseReason.BadPreamble"/> when the preambles are not exchanged within this. Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Close with <see cref="CloseReason.SendQueueFull"/> when sending stays paused this long. Default 30 s.</summary>
    public TimeSpan SendStallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an orderly close waits for queued bytes to go out and the peer to close, before aborting. Default 5 s.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock for every timeout above.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Receives one line per notable event (a connection closing and why, a refused preamble).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>
    /// TCP: wait for data with a zero-byte receive before renting a buffer, so an idle connection
    /// holds no buffer (Kestrel's default). Default true.
    /// </summary>
    public bool WaitForDataBeforeAllocatingBuffer { get; init; } = true;

    /// <summary>Test hook: receives in a row without waiting after which a TCP receive loop yields its thread (see <see cref="TcpFrameConnection.MaxReceivesInARow"/>).</summary>
    internal int MaxReceivesInARow { get; init; } = TcpFrameConnection.MaxReceivesInARow;

    /// <summary>Test hook: runs scheduled flushes instead of the thread pool, so coalescing is deterministic.</summary>
    internal PipeScheduler? FlushScheduler { get; init; }

    internal MemoryPool<byte> Pool => MemoryPool ?? BlockMemoryPool.Default;

    internal long EffectiveReceiveBufferLimit =>
        ReceiveBufferLimit > 0 ? ReceiveBufferLimit : (long)MaxFrameSize + FrameHeader.Size + (64 * 1024);

    // Socket → frame reader. The reader runs inline on the receive loop's flush (one thread per
    // received batch instead of a hop); the receive loop resumes on the thread pool, never inline
    // inside the frame loop's AdvanceTo.
    internal PipeOptions ReceivePipeOptions => _receivePipeOptions ??= new PipeOptions(
        Pool,
        readerScheduler: PipeScheduler.Inline,
        writerScheduler: PipeScheduler.ThreadPool,
        pauseWriterThreshold: EffectiveReceiveBufferLimit,
        resumeWriterThreshold: EffectiveReceiveBufferLimit / 2,
        minimumSegmentSize: MinimumSegmentSize,
        useSynchronizationContext: false);

    // Senders → socket. The send loop wakes on the thread pool (a flush runs under the send lock,
    // and an inline reader would put a socket send inside it), except after the flushes that end a
    // received batch or run a scheduled flush: those run it on their own thread once the lock is
    // released (SendLoopScheduler).
    internal PipeOptions SendPipeOptions => _sendPipeOptions ??= new PipeOptions(
        Pool,
        readerScheduler: SendLoopScheduler.Instance,
        writerScheduler: PipeScheduler.ThreadPool,
        pauseWriterThreshold: SendPauseThreshold,
        resumeWriterThreshold: SendResumeThreshold,
        minimumSegmentSize: MinimumSegmentSize,
        useSynchronizationContext: false);

    // One direction of an in-process connection: this side's senders → the peer's frame reader.
    // Both ends resume on the thread pool: an inline reader would run the peer's handler under
    // this side's send lock, and a handler that answers would then re-enter it mid-flush.
    internal PipeOptions InProcPipeOptions => _inProcPipeOptions ??= new PipeOptions(
        Pool,
        readerScheduler: PipeScheduler.ThreadPool,
        writerScheduler: PipeScheduler.ThreadPool,
        pauseWriterThreshold: SendPauseThreshold,
        resumeWriterThreshold: SendResumeThreshold,
        minimumSegmentSize: MinimumSegmentSize,
        useSynchronizationContext: false);

    /// <summary>Throws when a setting is out of range; called when a connection or listener starts.</summary>
    internal virtual void Validate()
    {
        if (LocalRole == PeerRole.None || !Enum.IsDefined(LocalRole))
            ConnectionThrowHelper.ThrowOption(nameof(LocalRole), "must name this side's role");
        if (MaxFrameSize < (int)FrameHeader.MinLength || MaxFrameSize > int.MaxValue - 1024 * 1024)
            ConnectionThrowHelper.ThrowOption(nameof(MaxFrameSize), $"must be between {FrameHeader.MinLength} and {int.MaxValue - 1024 * 1024}");
        if (SendPauseThreshold <= 0 || SendResumeThreshold <= 0 || SendResumeThreshold > SendPauseThreshold)
            ConnectionThrowHelper.ThrowOption(nameof(SendPauseThreshold), "thresholds must be positive with resume ≤ pause");
        if (MaxUnflushedBytes <= 0)
            ConnectionThrowHelper.ThrowOption(nameof(MaxUnflushedBytes), "must be positive");
        if (EffectiveReceiveBufferLimit < (long)MaxFrameSize + FrameHeader.Size)
            ConnectionThrowHelper.ThrowOption(nameof(ReceiveBufferLimit), "must hold at least one frame of the maximum size");
        if (MinimumSegmentSize <= 0)
            ConnectionThrowHelper.ThrowOption(nameof(MinimumSegmentSize), "must be positive");
        if (MaxReceivesInARow <= 0)
            ConnectionThrowHelper.ThrowOption(nameof(MaxReceivesInARow), "must be positive");
        ValidateTimeout(IdleTimeout, nameof(IdleTimeout));
        ValidateTimeout(HandshakeTimeout, nameof(HandshakeTimeout));
        ValidateTimeout(SendStallTimeout, nameof(SendStallTimeout));
        ValidateTimeout(CloseTimeout, nameof(CloseTimeout));
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }

    private static void ValidateTimeout(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            ConnectionThrowHelper.ThrowOption(name, "must be positive or infinite");
    }
}

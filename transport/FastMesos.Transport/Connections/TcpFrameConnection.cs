using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace FastMesos.Transport.Connections;

/// <summary>
/// A frame connection over a TCP socket, with Kestrel's two loops between the socket and the pipes:
/// <code>
///  socket ──ReceiveLoop──► receive pipe ──(inline)──► frame loop ──► handler
///  socket ◄──SendLoop──── send pipe ◄── FrameWriter ◄── TrySend/SendAsync (coalesced flushes)
/// </code>
/// The receive loop waits for data with a zero-byte receive before it rents a buffer, so an idle
/// connection holds no pooled block; the send loop sends everything flushed so far in one gathered
/// send, which is where coalescing pays.
/// </summary>
/// <remarks>
/// A zero-byte receive that completes says epoll reported the socket readable, not that bytes are
/// there now: on Linux, .NET completes it on the readiness event without a syscall, and an event can
/// be stale (its bytes were already read by the receive before). Renting a block and receiving on
/// such a wake-up would park the idle connection in a receive holding the block (seen under load
/// on accepted sockets, whose preamble is read synchronously while its event is still in flight).
/// So the first read after a wake-up is non-blocking, into a stack buffer: data is copied into the
/// pipe, "would block" sends the loop back to waiting with nothing rented. It is the same one
/// receive syscall the loop made before; only a full stack buffer (a burst) switches to receiving
/// straight into pipe blocks.
/// </remarks>
internal sealed class TcpFrameConnection : FrameConnection
{
    // The non-blocking first read after a wake-up lands on the stack; at most this much of it.
    private const int MaxStackReceive = 4096;

    // Stale wake-ups in a row after which the loop receives into a block once (correct, only not free
    // while idle). A stale wake-up needs a readiness event whose bytes were already read, so they do
    // not repeat without traffic; the cap only rules out a spin. (Measured in the launch scenario:
    // 0 of 51,585 wake-ups stale at the master; 186 of 454 in the simulator's scheduler process,
    // whose bursts fill buffers.)
    private const int MaxSpuriousWakeups = 8;

    // Receives in a row that found bytes already queued (so the loop never gave its thread back)
    // after which the loop yields to the thread pool. With inline socket completions (the master)
    // the loop runs on a socket event thread that serves thousands of other connections: a peer
    // that keeps this socket's buffer full (Marathon acknowledging a million updates) held that
    // thread for up to 4.9 s at a time in a 1,000 × 1,000 deploy, starving the agents whose
    // sockets share it (they resent every unacknowledged update after 10 s: waves of up to 582,000
    // resends) and this connection's own send loop, whose completions wait for that thread
    // (perf-reports/2026-12-07-receive-yield/). 16 receives are 32–64 KiB: a yield per that much is
    // noise, and an agent's traffic never comes close.
    internal const int MaxReceivesInARow = 16;

    private readonly Socket _socket;
    private readonly Pipe _receivePipe;
    private readonly Pipe _sendPipe;
    private readonly EndPoint? _remoteEndPoint;
    private readonly int _minimumReceiveSize;
    private readonly bool _waitForData;
    private readonly int _maxReceivesInARow;
    private SocketSender? _sender;
    private long _socketSends;
    private long _socketReceives;
    private long _receiveYields;

    private TcpFrameConnection(Socket socket, Pipe receivePipe, Pipe sendPipe, ConnectionOptions options, IFrameHandler handler, EndPoint? remoteEndPoint)
        : base(receivePipe.Reader, sendPipe.Writer, options, handler)
    {
        _socket = socket;
        // Synchronous calls on the socket (only the receive loop's first read after a wake-up) must
        // never park a thread: they report WouldBlock instead. Asynchronous operations are unaffected.
        _socket.Blocking = false;
        _receivePipe = receivePipe;
        _sendPipe = sendPipe;
        // An accepted socket knows its peer from accept(); a dialed one would ask the kernel.
        _remoteEndPoint = remoteEndPoint ?? socket.RemoteEndPoint;
        // Ask for at least half a segment: a nearly full block goes to the next receive, not a 10-byte read.
        _minimumReceiveSize = Math.Max(1, options.MinimumSegmentSize / 2);
        _waitForData = options.WaitForDataBeforeAllocatingBuffer;
        _maxReceivesInARow = options.MaxReceivesInARow;
    }

    public override EndPoint? RemoteEndPoint => _remoteEndPoint;

    public override string TransportName => "tcp";

    /// <summary>Socket send calls made; with coalescing, far fewer than frames sent.</summary>
    internal long SocketSends => Volatile.Read(ref _socketSends);

    /// <summary>Socket receive calls that returned bytes.</summary>
    internal long SocketReceives => Volatile.Read(ref _socketReceives);

    /// <summary>Times the receive loop gave its thread back after <see cref="MaxReceivesInARow"/> receives that found bytes waiting.</summary>
    internal long ReceiveYields => Volatile.Read(ref _receiveYields);

    private protected override bool SupportsFallback => true;

    /// <summary>
    /// Wraps a connected socket; <paramref name="options"/> is a <see cref="ListenerOptions"/> on the
    /// accepting side. <paramref name="remoteEndPoint"/>: the peer's address when the caller knows it
    /// (the endpoint it dialed), else the socket's.
    /// </summary>
    internal static TcpFrameConnection Create(Socket socket, ConnectionOptions options, IFrameHandler handler, IPEndPoint? remoteEndPoint = null) =>
        new(socket, new Pipe(options.ReceivePipeOptions), new Pipe(options.SendPipeOptions), options, handler, remoteEndPoint);

    internal void Start()
    {
        StartCore(transportLoops: 2);
        _ = ReceiveLoopAsync();
        _ = SendLoopAsync();
    }

    private protected override void AbortTransport()
    {
        // Linger 0: close with a reset, dropping unsent bytes, rather than lingering for a peer
        // that is hostile or gone.
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Dispose();
        _sendPipe.Reader.CancelPendingRead();
    }

    private protected override void OnTeardown() => _socket.Dispose();

    private async Task ReceiveLoopAsync()
    {
        PipeWriter writer = _receivePipe.Writer;
        try
        {
            bool filled = false;
            int spurious = 0;
            int inARow = 0;
            while (true)
            {
                int received;
                // Whether this turn gave its thread back (a receive or the flush had to wait).
                bool suspended;
                // Skipped after a receive that filled its whole buffer: more bytes are almost surely
                // queued, and the wait would cost a syscall per batch on a busy connection. A
                // connection going idle ends its burst with a partial read, so it waits here again
                // before it holds a block.
                if (_waitForData && !filled && spurious < MaxSpuriousWakeups)
                {
                    // Completes when bytes (or the FIN) arrive, without a buffer: idle costs nothing.
                    ValueTask<int> ready = _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
                    suspended = !ready.IsCompleted;
                    await ready.ConfigureAwait(false);
                    received = ReceiveAfterWakeUp(writer, out filled);
                    if (received < 0)
                    {
                        spurious++;
                        continue; // a stale wake-up (see the remarks): nothing rented, wait again
                    }
                }
                else
                {
                    Memory<byte> buffer = writer.GetMemory(_minimumReceiveSize);
                    ValueTask<int> receive = _socket.ReceiveAsync(buffer, SocketFlags.None);
                    suspended = !receive.IsCompleted;
                    received = await receive.ConfigureAwait(false);
                    filled = received == buffer.Length;
                    writer.Advance(received);
                }

                if (received == 0)
                    break; // FIN: the frame loop reports RemoteClosed (or a truncated frame).
                spurious = 0;
                _socketReceives++;

                // Runs the frame loop inline (the reader's scheduler); pauses here when the frame
                // loop is ReceiveBufferLimit behind, which stops reading the socket and lets TCP
                // push back on the peer.
                ValueTask<FlushResult> flushing = writer.FlushAsync();
                suspended |= !flushing.IsCompleted;
                FlushResult flush = await flushing.ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled)
                    break;

                inARow = suspended ? 0 : inARow + 1;
                if (inARow == _maxReceivesInARow)
                {
                    // See MaxReceivesInARow: the thread goes back to whoever lent it.
                    inARow = 0;
                    _receiveYields++;
                    await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
                }
            }
        }
        catch (Exception ex)
        {
            if (!IsAborted)
                CloseCore(SocketErrors.Classify(ex, "receive"), graceful: false);
        }
        finally
        {
            writer.Complete();
            OnLoopExited();
        }
    }

    // The first read after a wake-up: non-blocking, into the stack, then copied into the pipe.
    // Returns the bytes received (0 at the FIN), or -1 when nothing was there (a stale wake-up).
    // SkipLocalsInit: the scratch is written by the receive before anything reads it.
    [SkipLocalsInit]
    private int ReceiveAfterWakeUp(PipeWriter writer, out bool filled)
    {
        Span<byte> scratch = stackalloc byte[MaxStackReceive];
        scratch = scratch[..Math.Min(MaxStackReceive, _minimumReceiveSize)];
        int received = _socket.Receive(scratch, SocketFlags.None, out SocketError error);
        if (error == SocketError.WouldBlock)
        {
            filled = false;
            return -1;
        }

        if (error != SocketError.Success)
            throw new SocketException((int)error);
        filled = received == scratch.Length;
        if (received > 0)
            writer.Write(scratch[..received]);
        return received;
    }

    private async Task SendLoopAsync()
    {
        PipeReader reader = _sendPipe.Reader;
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync().ConfigureAwait(false);
                if (IsAborted)
                    break;
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (!buffer.IsEmpty)
                    await SendAsync(buffer).ConfigureAwait(false);
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                    break;
            }

            // The output was completed in order and everything is out: FIN after the last byte.
            if (!IsAborted)
                _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex)
        {
            if (!IsAborted)
                CloseCore(SocketErrors.Classify(ex, "send"), graceful: false);
        }
        finally
        {
            reader.Complete();
            OnLoopExited();
        }
    }

    private async ValueTask SendAsync(ReadOnlySequence<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int sent;
            if (buffer.IsSingleSegment)
            {
                sent = await _socket.SendAsync(buffer.First, SocketFlags.None).ConfigureAwait(false);
            }
            else
            {
                _sender ??= new SocketSender();
                sent = _sender.TryGather(buffer)
                    ? await _sender.SendAsync(_socket).ConfigureAwait(false)
                    : await _socket.SendAsync(buffer.First, SocketFlags.None).ConfigureAwait(false);
            }

            _socketSends++;
            buffer = buffer.Slice(sent);
        }
    }
}

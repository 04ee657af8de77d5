using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using FastMesos.Transport.Framing;

namespace FastMesos.Transport.Connections;

/// <summary>The send path: frames appended under a lock, one flush scheduled per burst, back-pressure.</summary>
public abstract partial class FrameConnection : IThreadPoolWorkItem
{
    private static readonly Action<object?> s_runScheduledFlush = static state => ((FrameConnection)state!).RunScheduledFlush();
    private static readonly Task<bool> s_true = Task.FromResult(true);
    private static readonly Task<bool> s_false = Task.FromResult(false);

    // System.Threading.Lock: cheaper than Monitor, and re-entrant, which Close relies on when a
    // payload writer or handler closes the connection from inside a send.
    private readonly Lock _sendLock = new();
    private readonly int _maxUnflushedBytes;
    private SendState _sendState;
    private bool _flushScheduled;
    // True while the frame loop delivers a received batch (set and read under _sendLock). Frames sent
    // meanwhile, typically the handler's replies, wait for the batch's end and go out in one flush on
    // the receiving thread instead of a thread-pool work item per batch (_flushAtDeliveryEnd).
    private bool _delivering;
    private bool _flushAtDeliveryEnd;
    // True while a dialer's handler writes its greeting behind the preamble (see GreetLocked): the
    // only time frames may be written before the handshake completes.
    private bool _greeting;
    private bool _sendPaused;
    private TaskCompletionSource<bool>? _resumeWaiters;
    private long _framesSent;
    private long _flushCount;
    private long _pauseCount;

    /// <summary>Frames queued for sending so far.</summary>
    public long FramesSent => Volatile.Read(ref _framesSent);

    /// <summary>Whether sending is paused because the peer is not draining (see <see cref="ConnectionOptions.SendPauseThreshold"/>).</summary>
    public bool IsSendPaused => Volatile.Read(ref _sendPaused);

    /// <summary>Flushes performed; fewer than <see cref="FramesSent"/> when frames were coalesced.</summary>
    internal long FlushCount => Volatile.Read(ref _flushCount);

    /// <summary>Times sending paused because the peer fell a pause threshold behind.</summary>
    internal long PauseCount => Volatile.Read(ref _pauseCount);

    /// <summary>
    /// Queues one frame whose payload <paramref name="payload"/> encodes straight into the output.
    /// Returns false, writing nothing, when the connection is not open or sending is paused; use
    /// <see cref="SendAsync{TPayload}"/> to wait instead. A frame over the maximum size closes the
    /// connection (<see cref="CloseReason.FrameTooLarge"/>) and returns false; a payload writer that
    /// throws closes it (<see cref="CloseReason.HandlerFault"/>) and the exception propagates.
    /// </summary>
    public bool TrySend<TPayload>(ushort messageType, TPayload payload)
        where TPayload : IFramePayload, allows ref struct
    {
        SendOutcome outcome;
        ValueTask<FlushResult> pendingFlush = default;
        bool fits;
        Exception? fault = null;
        lock (_sendLock)
        {
            if ((_sendState != SendState.Open && !_greeting) || _sendPaused)
                return false;
            try
            {
                fits = _writer.TryWriteFrame(messageType, payload, _maxFrameSize);
            }
            catch (Exception ex)
            {
                fits = false;
                fault = ex;
            }

            outcome = fits ? AfterFrameLocked(out pendingFlush) : SendOutcome.Done;
        }

        return Finish(fits, outcome, pendingFlush, messageType, fault);
    }

    /// <summary>Queues one frame with an already-encoded payload; see <see cref="TrySend{TPayload}"/>.</summary>
    public bool TrySend(ushort messageType, ReadOnlySpan<byte> payload)
    {
        // The span's length is known up front, so an oversized frame is refused before a byte is written.
        SendOutcome outcome;
        ValueTask<FlushResult> pendingFlush = default;
        bool fits;
        lock (_sendLock)
        {
            if ((_sendState != SendState.Open && !_greeting) || _sendPaused)
                return false;
            fits = _writer.TryWriteFrame(messageType, payload, _maxFrameSize);
            outcome = fits ? AfterFrameLocked(out pendingFlush) : SendOutcome.Done;
        }

        return Finish(fits, outcome, pendingFlush, messageType, fault: null);
    }

    /// <summary>
    /// Queues one frame, waiting while sending is paused. Returns false when the connection closed
    /// before the frame could be queued; completes synchronously when not paused.
    /// </summary>
    public ValueTask<bool> SendAsync<TPayload>(ushort messageType, TPayload payload, CancellationToken cancellationToken = default)
        where TPayload : IFramePayload
    {
        if (TrySend(messageType, payload))
            return new ValueTask<bool>(true);
        return SendSlowAsync(messageType, payload, cancellationToken);
    }

    /// <summary>Queues one frame with an already-encoded payload, waiting while paused; see <see cref="SendAsync{TPayload}"/>.</summary>
    public ValueTask<bool> SendAsync(ushort messageType, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        SendAsync(messageType, new MemoryPayload(payload), cancellationToken);

    private async ValueTask<bool> SendSlowAsync<TPayload>(ushort messageType, TPayload payload, CancellationToken cancellationToken)
        where TPayload : IFramePayload
    {
        // Each turn either queues the frame, finds the connection closed, or waits for one resume;
        // a resume needs the peer to drain, so this never spins.
        while (true)
        {
            Task<bool> resumed;
            lock (_sendLock)
            {
                if (_sendState == SendState.Closed)
                    return false;
                if (_sendState == SendState.Open && !_sendPaused)
                {
                    resumed = Task.FromResult(true);
                }
                else
                {
                    _resumeWaiters ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    resumed = _resumeWaiters.Task;
                }
            }

            if (!resumed.IsCompleted)
                await resumed.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (TrySend(messageType, payload))
                return true;
        }
    }

    /// <summary>
    /// Completes when sending is not paused — at once when it is not — with true, or with false once
    /// the connection closed (it may have resumed before that). For a sender that wants to hold its
    /// own work back while the peer drains, rather than queue it (see <see cref="SendAsync{TPayload}"/>).
    /// </summary>
    public Task<bool> WhenSendReadyAsync()
    {
        lock (_sendLock)
        {
            if (_sendState == SendState.Closed)
                return s_false;
            if (_sendState == SendState.Open && !_sendPaused)
                return s_true;
            _resumeWaiters ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            return _resumeWaiters.Task;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Finish(bool fits, SendOutcome outcome, ValueTask<FlushResult> pendingFlush, ushort messageType, Exception? fault)
    {
        if (!fits)
        {
            FailSend(messageType, fault);
            return false;
        }

        if (outcome != SendOutcome.Done)
            ActOnOutcome(outcome, pendingFlush);
        return true;
    }

    // After a frame is written: flush inline when the burst has grown past MaxUnflushedBytes (so a
    // burst cannot outrun the scheduled flush), else make sure exactly one flush is scheduled.
    private SendOutcome AfterFrameLocked(out ValueTask<FlushResult> pendingFlush)
    {
        _framesSent++;
        if (_writer.UnflushedBytes >= _maxUnflushedBytes)
            return FlushLocked(out pendingFlush);
        pendingFlush = default;
        if (_flushScheduled)
            return SendOutcome.Done;
        _flushScheduled = true;
        if (_delivering)
        {
            // EndDelivery flushes; _flushScheduled keeps every other sender from scheduling one too.
            _flushAtDeliveryEnd = true;
            return SendOutcome.Done;
        }

        return SendOutcome.ScheduleFlush;
    }

    // The frame loop brackets each received batch with these: replies sent during the batch leave
    // with one flush when it ends. A batch is bounded by the bytes one read returned, so this delays
    // a reply by at most the rest of its batch, and MaxUnflushedBytes still flushes a long burst inline.
    private void BeginDelivery()
    {
        lock (_sendLock)
            _delivering = true;
    }

    private void EndDelivery()
    {
        SendOutcome outcome = SendOutcome.Done;
        ValueTask<FlushResult> pendingFlush = default;
        SendLoopScheduler.BeginCapture();
        try
        {
            lock (_sendLock)
            {
                _delivering = false;
                if (!_flushAtDeliveryEnd)
                    return;
                _flushAtDeliveryEnd = false;
                _flushScheduled = false;
                if (_sendState == SendState.Open && !_sendPaused && _writer.UnflushedBytes != 0)
                    outcome = FlushLocked(out pendingFlush);
            }
        }
        finally
        {
            // Outside the lock: the TCP send loop, woken by this flush, sends on this thread.
            SendLoopScheduler.RunCaptured();
        }

        if (outcome != SendOutcome.Done)
            ActOnOutcome(outcome, pendingFlush);
    }

    private SendOutcome FlushLocked(out ValueTask<FlushResult> pendingFlush)
    {
        pendingFlush = default;
        _flushCount++;
        ValueTask<FlushResult> flush;
        try
        {
            flush = _writer.FlushAsync();
        }
        catch (InvalidOperationException)
        {
            return SendOutcome.PeerGone;
        }

        if (flush.IsCompletedSuccessfully)
            return flush.Result.IsCompleted ? SendOutcome.PeerGone : SendOutcome.Done;
        if (flush.IsCompleted)
        {
            // Faulted or canceled: observe it so it is not rethrown elsewhere.
            try
            {
                _ = flush.Result;
            }
            catch (Exception)
            {
            }

            return SendOutcome.PeerGone;
        }

        // Invariant (3): nothing is written until this flush completes, so it is the only one pending.
        _sendPaused = true;
        _pauseCount++;
        Volatile.Write(ref _pausedSince, _timeProvider.GetTimestamp());
        pendingFlush = flush;
        return SendOutcome.Paused;
    }

    private void ActOnOutcome(SendOutcome outcome, ValueTask<FlushResult> pendingFlush)
    {
        switch (outcome)
        {
            case SendOutcome.ScheduleFlush:
                if (FlushBatch.TryHold(this))
                    break;
                if (_options.FlushScheduler is { } scheduler)
                    scheduler.Schedule(s_runScheduledFlush, this);
                else
                    ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                break;
            case SendOutcome.Paused:
                RescheduleTimer();
                _ = AwaitResumeAsync(pendingFlush);
                break;
            case SendOutcome.PeerGone:
                CloseCore(new CloseInfo(CloseReason.RemoteClosed, "the peer stopped reading (its side is closed)"), graceful: true);
                break;
        }
    }

    void IThreadPoolWorkItem.Execute() => RunScheduledFlush();

    /// <summary>Runs the scheduled flush a <see cref="FlushBatch"/> held, on the batch's thread.</summary>
    internal void RunHeldFlush() => RunScheduledFlush();

    /// <summary>Hands a held flush back to the thread pool (a <see cref="FlushBatch"/> whose earlier flush threw).</summary>
    internal void QueueHeldFlush() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    // The one scheduled flush of a burst: every frame queued since it was scheduled goes out together.
    private void RunScheduledFlush()
    {
        SendOutcome outcome;
        ValueTask<FlushResult> pendingFlush;
        SendLoopScheduler.BeginCapture();
        try
        {
            lock (_sendLock)
            {
                _flushScheduled = false;
                if (_sendState != SendState.Open || _sendPaused || _writer.UnflushedBytes == 0)
                    return;
                outcome = FlushLocked(out pendingFlush);
            }
        }
        finally
        {
            // This work item exists only to flush: the send loop it wakes may as well run here.
            SendLoopScheduler.RunCaptured();
        }

        if (outcome != SendOutcome.Done)
            ActOnOutcome(outcome, pendingFlush);
    }

    private async Task AwaitResumeAsync(ValueTask<FlushResult> pendingFlush)
    {
        bool peerGone;
        try
        {
            FlushResult result = await pendingFlush.ConfigureAwait(false);
            peerGone = result.IsCompleted;
        }
        catch (Exception)
        {
            peerGone = true;
        }

        TaskCompletionSource<bool>? waiters;
        lock (_sendLock)
        {
            _sendPaused = false;
            Volatile.Write(ref _pausedSince, NotSet);
            waiters = _resumeWaiters;
            _resumeWaiters = null;
        }

        waiters?.TrySetResult(true);
        if (peerGone)
            CloseCore(new CloseInfo(CloseReason.RemoteClosed, "the peer stopped reading (its side is closed)"), graceful: true);
    }

    // Cold: the frame did not fit or its payload writer threw. Either way half a frame may be in the
    // output, so the connection is aborted (its unflushed bytes are never sent).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void FailSend(ushort messageType, Exception? fault)
    {
        if (fault is not null)
        {
            CloseCore(new CloseInfo(CloseReason.HandlerFault, $"the payload writer for message type {messageType} threw {fault.GetType().Name}: {fault.Message}", fault), graceful: false);
            ExceptionDispatchInfo.Throw(fault);
        }

        CloseCore(new CloseInfo(CloseReason.FrameTooLarge, $"a frame of message type {messageType} exceeded the maximum frame size of {_maxFrameSize} bytes"), graceful: false);
    }

    // Handshake writes (preamble, refusal) go through the same lock and flush as frames. A dialer's
    // preamble carries its handler's greeting (IFrameHandler.OnGreeting) in the same flush. A listener
    // whose dialer already sent a whole frame behind its preamble (deferFlush) is not awaited by that
    // dialer, so its preamble waits for the flush that ends the first delivered batch: the preamble
    // and the replies to the greeting leave in one send.
    private bool TryWriteHandshake(ReadOnlySpan<byte> token, ReadOnlySpan<byte> refusal, bool deferFlush = false)
    {
        SendOutcome outcome;
        ValueTask<FlushResult> pendingFlush;
        Exception? greetingFault = null;
        lock (_sendLock)
        {
            if (_sendState != SendState.Handshake)
                return false;
            if (!refusal.IsEmpty)
            {
                _writer.TryWriteFrame(FrameHeader.CloseMessageType, refusal, int.MaxValue);
            }
            else
            {
                Preamble.Write(_writer, TransportInfo.ProtocolVersion, LocalRole, token);
                if (deferFlush)
                {
                    // Until that EndDelivery, _flushScheduled keeps every other sender from scheduling a flush.
                    _flushScheduled = true;
                    _flushAtDeliveryEnd = true;
                    return true;
                }

                if (!IsServer)
                    greetingFault = GreetLocked();
                if (_sendState != SendState.Handshake)
                    return false;   // The greeting closed the connection (a frame over the maximum size, say).
            }

            if (greetingFault is null)
            {
                outcome = FlushLocked(out pendingFlush);
            }
            else
            {
                outcome = SendOutcome.Done;
                pendingFlush = default;
            }
        }

        if (greetingFault is not null)
        {
            CloseCore(new CloseInfo(CloseReason.HandlerFault, $"OnGreeting threw {greetingFault.GetType().Name}: {greetingFault.Message}", greetingFault), graceful: false);
            return false;
        }

        if (outcome != SendOutcome.Done)
            ActOnOutcome(outcome, pendingFlush);
        return outcome != SendOutcome.PeerGone;
    }

    // The handler's greeting is written as replies during a delivered batch are: each frame waits for
    // the one flush that follows (the preamble's), unless the greeting outgrows MaxUnflushedBytes.
    private Exception? GreetLocked()
    {
        _greeting = true;
        _delivering = true;
        try
        {
            _handler.OnGreeting(this);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
        finally
        {
            _greeting = false;
            _delivering = false;
            _flushAtDeliveryEnd = false;
            _flushScheduled = false;
        }
    }

    private TaskCompletionSource<bool>? TakeWaitersLocked()
    {
        TaskCompletionSource<bool>? waiters = _resumeWaiters;
        _resumeWaiters = null;
        return waiters;
    }
}

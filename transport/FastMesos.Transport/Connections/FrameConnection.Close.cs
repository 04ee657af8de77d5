namespace FastMesos.Transport.Connections;

/// <summary>Closing: the first reason wins; orderly close or abort; teardown once every loop has ended.</summary>
public abstract partial class FrameConnection
{
    private CloseInfo? _closeInfo;
    private int _aborted;
    private int _tornDown;

    /// <summary>Whether the connection is being aborted (its transport loops stop without finishing their work).</summary>
    private protected bool IsAborted => Volatile.Read(ref _aborted) != 0;

    /// <summary>
    /// Closes with <paramref name="reason"/> unless a reason was recorded already (the first wins).
    /// <see cref="CloseReason.LocalClose"/> closes in order: queued frames are still sent. Any other
    /// reason aborts: queued bytes are dropped and the peer is reset. Never blocks.
    /// </summary>
    public void Close(CloseReason reason, string message) =>
        CloseCore(new CloseInfo(reason, message), graceful: reason is CloseReason.LocalClose or CloseReason.RemoteClosed);

    /// <summary>Closes in order (<see cref="CloseReason.LocalClose"/>) and completes when the connection is torn down.</summary>
    public Task<CloseInfo> CloseAsync(string message = "closed by this side")
    {
        Close(CloseReason.LocalClose, message);
        return Closed;
    }

    /// <summary>Same as <see cref="CloseAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Records <paramref name="info"/> if it is the first reason, then closes in order or aborts. A later fault still escalates an orderly close to an abort.</summary>
    internal void CloseCore(CloseInfo info, bool graceful)
    {
        if (Interlocked.CompareExchange(ref _closeInfo, info, null) is not null)
        {
            if (!graceful)
                Abort();
            return;
        }

        FailHandshake();
        // A connection handed to the non-wire fallback (HTTP) is not a wire peer: its end is no news.
        if (!_fallbackActive)
            Log($"{this} closed: {info} (frames in {FramesReceived}, out {FramesSent})");
        if (graceful)
            BeginOrderlyClose();
        else
            Abort();
    }

    /// <summary>Drops the transport now: TCP resets the socket, in-process fails the peer's reads. Queued bytes are lost.</summary>
    private protected virtual void AbortTransport()
    {
    }

    /// <summary>Completes the output; an in-process abort completes it with the reason so the peer's reader learns it.</summary>
    private protected virtual void CompleteOutput(bool abort, CloseInfo info) => _writer.Complete();

    /// <summary>Releases what the transport holds (the socket) once every loop has ended.</summary>
    private protected virtual void OnTeardown()
    {
    }

    /// <summary>Counts down the running loops; the last one to end tears the connection down.</summary>
    private protected void OnLoopExited()
    {
        if (Interlocked.Decrement(ref _activeLoops) == 0)
            Teardown();
    }

    private void BeginOrderlyClose()
    {
        // Completing the output lets the send side drain what is queued and then end (TCP: FIN after
        // the last byte). The receive side keeps reading, dropping frames, until the peer closes too;
        // the close timer aborts if that takes longer than CloseTimeout.
        CompleteOutputOnce(abort: false);
        MarkClosing();
    }

    private void Abort()
    {
        // After teardown the transport is released already; a late Close only records nothing.
        if (Interlocked.Exchange(ref _aborted, 1) != 0 || Volatile.Read(ref _tornDown) != 0)
            return;
        FailHandshake();
        try
        {
            AbortTransport();
        }
        catch (Exception ex)
        {
            Log($"{this}: aborting the transport threw {ex.GetType().Name}: {ex.Message}");
        }

        CompleteOutputOnce(abort: true);
        try
        {
            // Wake whatever waits: a paused flush, and the receive loop (it sees _aborted and ends).
            _output.CancelPendingFlush();
            _input.CancelPendingRead();
        }
        catch (Exception)
        {
        }
    }

    private void CompleteOutputOnce(bool abort)
    {
        TaskCompletionSource<bool>? waiters;
        lock (_sendLock)
        {
            waiters = TakeWaitersLocked();
            if (_sendState != SendState.Closed)
            {
                _sendState = SendState.Closed;
                try
                {
                    CompleteOutput(abort, Volatile.Read(ref _closeInfo)!);
                }
                catch (Exception ex)
                {
                    Log($"{this}: completing the output threw {ex.GetType().Name}: {ex.Message}");
                }
            }
        }

        waiters?.TrySetResult(false);
    }

    private void Teardown()
    {
        StopTimer();
        if (Volatile.Read(ref _closeInfo) is null)
            CloseCore(new CloseInfo(CloseReason.LocalClose, "the connection ended"), graceful: false);
        CompleteOutputOnce(abort: true);
        Volatile.Write(ref _tornDown, 1);
        try
        {
            OnTeardown();
        }
        catch (Exception ex)
        {
            Log($"{this}: releasing the transport threw {ex.GetType().Name}: {ex.Message}");
        }

        CloseInfo info = Volatile.Read(ref _closeInfo)!;
        try
        {
            TeardownCallback?.Invoke(this);
            if (_connectedNotified)
                _handler.OnClosed(this, info);
        }
        catch (Exception ex)
        {
            Log($"{this}: OnClosed threw {ex.GetType().Name}: {ex.Message}");
        }

        _closed.TrySetResult(info);
    }
}

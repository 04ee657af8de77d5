using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using FastMesos.Transport.Framing;

namespace FastMesos.Transport.Connections;

/// <summary>The receive path: handshake, then every complete frame in a buffer before the next read.</summary>
public abstract partial class FrameConnection
{
    // A refusal reason longer than this is cut: it only feeds a log line.
    private const int MaxReasonBytes = 512;

    // The receive path is one async method, so a connection keeps one state machine for it (the
    // handshake and the frame loop were two more: ~280 B per connection allocated at the master).
    private async Task RunAsync()
    {
        try
        {
            bool established = false;
            try
            {
                if (IsServer || TryWriteHandshake(_dialOptions is null ? default : _dialOptions.TokenBytes, refusal: default))
                {
                    HandshakeStep step;
                    do
                    {
                        ReadResult result = await _input.ReadAsync().ConfigureAwait(false);
                        step = IsServer ? ServerHandshakeStep(result) : ClientHandshakeStep(result);
                    }
                    while (step == HandshakeStep.ReadMore);

                    if (step == HandshakeStep.Fallback)
                        await RunFallbackAsync(_listenerOptions!.NonWireFallback!).ConfigureAwait(false);
                    established = step == HandshakeStep.Established;
                }
            }
            catch (Exception ex)
            {
                CloseCore(ClassifyInputFault(ex), graceful: false);
            }

            if (established)
                established = OnEstablished();

            // Established: deliver frames. Otherwise (or once closing) read and drop until the peer
            // closes, so an orderly close does not reset the peer with unread bytes.
            while (TakeFrames(await _input.ReadAsync().ConfigureAwait(false), established))
            {
            }
        }
        catch (Exception ex)
        {
            CloseCore(ClassifyInputFault(ex), graceful: false);
        }
        finally
        {
            FailHandshake();
            try
            {
                _input.Complete();
            }
            catch (Exception)
            {
                // A fallback may have completed it already.
            }

            OnLoopExited();
        }
    }

    private bool OnEstablished()
    {
        TaskCompletionSource<bool>? waiters;
        lock (_sendLock)
        {
            if (_sendState == SendState.Handshake)
                _sendState = SendState.Open;
            waiters = TakeWaitersLocked();
        }

        // A SendAsync that started during the handshake waited for this.
        waiters?.TrySetResult(true);

        MarkHandshakeDone();
        if (Volatile.Read(ref _closeInfo) is not null)
            return false;

        _connectedNotified = true;
        try
        {
            _handler.OnConnected(this);
        }
        catch (Exception ex)
        {
            CloseCore(new CloseInfo(CloseReason.HandlerFault, $"OnConnected threw {ex.GetType().Name}: {ex.Message}", ex), graceful: false);
            return false;
        }

        SucceedHandshake();
        return true;
    }

    /// <summary>
    /// One read of the frame loop: delivers its complete frames (when <paramref name="deliver"/> and
    /// not closing) or drops its bytes; false when the loop ends (aborted, or the input ended).
    /// </summary>
    private bool TakeFrames(in ReadResult result, bool deliver)
    {
        PipeReader input = _input;
        ReadOnlySequence<byte> buffer = result.Buffer;
        if (Volatile.Read(ref _aborted) != 0)
            return false; // unread bytes are dropped; Complete in RunAsync ends the read.
        if (_trackActivity)
            MarkActivity();

        if (deliver && Volatile.Read(ref _closeInfo) is null)
        {
            BeginDelivery();
            try
            {
                DeliverFrames(ref buffer);
            }
            finally
            {
                EndDelivery();
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
        else
        {
            input.AdvanceTo(buffer.End);
        }

        if (result.IsCompleted)
        {
            if (Volatile.Read(ref _closeInfo) is null)
            {
                if (buffer.IsEmpty)
                    CloseCore(new CloseInfo(CloseReason.RemoteClosed, "the peer closed the connection"), graceful: true);
                else
                    CloseCore(new CloseInfo(CloseReason.MalformedFrame, $"the stream ended inside a frame ({buffer.Length} bytes of it received)"), graceful: false);
            }

            return false;
        }

        return true;
    }

    // Every complete frame in the buffer, before the caller reads again. On return the buffer starts
    // at the first byte not consumed (a partial frame, or where a bad frame or a close stopped it).
    private void DeliverFrames(ref ReadOnlySequence<byte> buffer)
    {
        IFrameHandler handler = _handler;
        int maxFrameSize = _maxFrameSize;
        long delivered = 0;
        try
        {
            while (true)
            {
                FrameReadResult read = FrameReader.TryRead(ref buffer, maxFrameSize, out ushort messageType, out ReadOnlySequence<byte> payload);
                if (read != FrameReadResult.Frame)
                {
                    if (read != FrameReadResult.NeedMore)
                        RejectFrame(read, buffer);
                    return;
                }

                delivered++;
                if (messageType >= FrameHeader.FirstReservedMessageType)
                {
                    OnTransportFrame(messageType, payload);
                    return;
                }

                handler.OnFrame(this, messageType, in payload);
                if (Volatile.Read(ref _closeInfo) is not null)
                    return;
            }
        }
        catch (Exception ex)
        {
            CloseCore(new CloseInfo(CloseReason.HandlerFault, $"the frame handler threw {ex.GetType().Name}: {ex.Message}", ex), graceful: false);
        }
        finally
        {
            Volatile.Write(ref _framesReceived, _framesReceived + delivered);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RejectFrame(FrameReadResult read, in ReadOnlySequence<byte> buffer)
    {
        FrameReader.TryReadLength(buffer, out uint length);
        CloseInfo info = read == FrameReadResult.TooLarge
            ? new CloseInfo(CloseReason.FrameTooLarge, $"a frame declared {length} bytes, over the maximum of {_maxFrameSize}")
            : new CloseInfo(CloseReason.MalformedFrame, $"a frame declared {length} bytes, below the minimum of {FrameHeader.MinLength}");
        CloseCore(info, graceful: false);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnTransportFrame(ushort messageType, in ReadOnlySequence<byte> payload)
    {
        CloseInfo info = messageType == FrameHeader.CloseMessageType
            ? new CloseInfo(CloseReason.RemoteClosed, "the peer closed: " + DecodeReason(payload))
            : new CloseInfo(CloseReason.MalformedFrame, $"reserved message type 0x{messageType:X4} is not used by this protocol version");
        CloseCore(info, graceful: messageType == FrameHeader.CloseMessageType);
    }

    private void MarkActivity() => Volatile.Write(ref _lastReceiveTimestamp, _timeProvider.GetTimestamp());

    private static string DecodeReason(in ReadOnlySequence<byte> payload)
    {
        ReadOnlySequence<byte> text = payload.Length > MaxReasonBytes ? payload.Slice(0, MaxReasonBytes) : payload;
        return Encoding.UTF8.GetString(text);
    }

    private static CloseInfo ClassifyInputFault(Exception ex) => ex switch
    {
        // An in-process peer that aborts completes our input with the reason in an IOException.
        IOException io => new CloseInfo(CloseReason.RemoteClosed, io.Message, ex),
        _ => new CloseInfo(CloseReason.SocketError, $"the receive path failed: {ex.GetType().Name}: {ex.Message}", ex),
    };
}

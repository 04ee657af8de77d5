using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using FastMesos.Transport.Framing;

namespace FastMesos.Transport.Connections;

/// <summary>The preamble exchange: the dialer speaks first, the listener checks it and answers or refuses.</summary>
public abstract partial class FrameConnection
{
    // A refusal frame is short (a reason line); anything claiming more is not one.
    private const int MaxRefusalFrameSize = 4096;

    // The handshake is read by the receive loop itself (RunAsync): each step below looks at what
    // arrived so far and says whether to read on. Each async method that waits for a read keeps a
    // state machine on the heap, per connection: the handshake's own loop was one more (160-206 B)
    // for each of the 10,000 connections of a register storm, on the master and on the agents.

    /// <summary>One look at the dialer's input during the handshake: the listener's preamble, or its refusal.</summary>
    private HandshakeStep ClientHandshakeStep(in ReadResult result)
    {
        if (HandshakeCut(result))
            return HandshakeStep.Failed;

        ReadOnlySequence<byte> buffer = result.Buffer;
        switch (Preamble.TryRead(ref buffer, out Preamble preamble))
        {
            case PreambleReadResult.Complete:
                _input.AdvanceTo(buffer.Start);
                string? problem = CheckListenerPreamble(preamble);
                if (problem is not null)
                {
                    CloseCore(new CloseInfo(CloseReason.BadPreamble, problem), graceful: false);
                    return HandshakeStep.Failed;
                }

                RemoteRole = preamble.Role;
                return HandshakeStep.Established;

            case PreambleReadResult.NeedMore:
                return ContinueOrTruncated(result) ? HandshakeStep.ReadMore : HandshakeStep.Failed;

            default:
                // Not a preamble: the listener may have refused ours with a close frame.
                ReadOnlySequence<byte> rest = result.Buffer;
                FrameReadResult read = FrameReader.TryRead(ref rest, MaxRefusalFrameSize, out ushort messageType, out ReadOnlySequence<byte> payload);
                if (read == FrameReadResult.Frame && messageType == FrameHeader.CloseMessageType)
                {
                    string reason = DecodeReason(payload);
                    _input.AdvanceTo(rest.Start);
                    CloseCore(new CloseInfo(CloseReason.BadPreamble, "refused by the peer: " + reason), graceful: true);
                    return HandshakeStep.Failed;
                }

                if (read == FrameReadResult.NeedMore && !result.IsCompleted)
                {
                    _input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                    return HandshakeStep.ReadMore;
                }

                return NotThisProtocol(result, "the peer answered without the FMSH magic");
        }
    }

    /// <summary>
    /// One look at the listener's input during the handshake: the dialer's preamble (answered, or
    /// refused), or bytes for the non-wire fallback (<see cref="HandshakeStep.Fallback"/>: nothing
    /// consumed, the caller runs <see cref="RunFallbackAsync"/>).
    /// </summary>
    private HandshakeStep ServerHandshakeStep(in ReadResult result)
    {
        ListenerOptions listen = _listenerOptions!;
        if (HandshakeCut(result))
            return HandshakeStep.Failed;

        ReadOnlySequence<byte> buffer = result.Buffer;
        switch (Preamble.TryRead(ref buffer, out Preamble preamble))
        {
            case PreambleReadResult.Complete:
                // A dialer that sent a whole frame behind its preamble (a greeting) is not waiting
                // for ours; see TryWriteHandshake. Looked at before AdvanceTo, which ends access to the buffer.
                ReadOnlySequence<byte> behind = buffer;
                bool greeted = FrameReader.TryRead(ref behind, _maxFrameSize, out _, out _) == FrameReadResult.Frame;
                _input.AdvanceTo(buffer.Start);
                string? problem = CheckDialerPreamble(preamble, listen);
                if (problem is not null)
                {
                    Refuse(problem);
                    return HandshakeStep.Failed;
                }

                RemoteRole = preamble.Role;
                return TryWriteHandshake(token: default, refusal: default, deferFlush: greeted) ? HandshakeStep.Established : HandshakeStep.Failed;

            case PreambleReadResult.NeedMore:
                return ContinueOrTruncated(result) ? HandshakeStep.ReadMore : HandshakeStep.Failed;

            case PreambleReadResult.TokenTooLong:
                int tokenLength = Preamble.PeekTokenLength(result.Buffer);
                _input.AdvanceTo(result.Buffer.End);
                Refuse($"preamble: a token of {tokenLength} bytes exceeds the {Preamble.MaxTokenLength}-byte limit");
                return HandshakeStep.Failed;

            default:
                if (listen.NonWireFallback is not null && SupportsFallback)
                {
                    // Consume and examine nothing: the fallback's first read sees the same bytes at once.
                    _input.AdvanceTo(result.Buffer.Start);
                    return HandshakeStep.Fallback;
                }

                return NotThisProtocol(result, "bad magic");
        }
    }

    // A read that came back cancelled, or while the connection closes, ends the handshake; any
    // other counts as activity.
    private bool HandshakeCut(in ReadResult result)
    {
        if (result.IsCanceled || Volatile.Read(ref _closeInfo) is not null)
        {
            _input.AdvanceTo(result.Buffer.Start);
            return true;
        }

        MarkActivity();
        return false;
    }

    // The peer does not speak this protocol: drop what it sent and close, naming its first bytes.
    private HandshakeStep NotThisProtocol(in ReadResult result, string what)
    {
        string first = FirstBytes(result.Buffer);
        _input.AdvanceTo(result.Buffer.End);
        CloseCore(new CloseInfo(CloseReason.BadPreamble, $"preamble: {what} (first bytes {first})"), graceful: false);
        return HandshakeStep.Failed;
    }

    // NeedMore: keep reading, unless the stream already ended (a truncated preamble).
    private bool ContinueOrTruncated(in ReadResult result)
    {
        if (!result.IsCompleted)
        {
            _input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            return true;
        }

        long received = result.Buffer.Length;
        _input.AdvanceTo(result.Buffer.End);
        CloseCore(new CloseInfo(CloseReason.BadPreamble, $"preamble: the peer closed after {received} of its bytes"), graceful: false);
        return false;
    }

    // Refusing a peer that speaks the protocol: say why in a close frame, then close in order so the
    // frame is delivered (an abort could reset the connection before the peer reads it).
    private void Refuse(string problem)
    {
        byte[] reason = Encoding.UTF8.GetBytes(problem);
        TryWriteHandshake(token: default, refusal: reason);
        CloseCore(new CloseInfo(CloseReason.BadPreamble, problem), graceful: true);
    }

    private async Task RunFallbackAsync(Func<IDuplexPipe, EndPoint?, ValueTask> fallback)
    {
        // The fallback owns the bytes from here: no handshake deadline, and its reads are not ours to
        // time, so the idle timeout stops too.
        _trackActivity = false;
        _fallbackActive = true;
        MarkHandshakeDone();
        try
        {
            await fallback(new DuplexPipe(new PoolResumingPipeReader(_input), _output), RemoteEndPoint).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log($"{this}: the non-wire fallback threw {ex.GetType().Name}: {ex.Message}");
        }

        CloseCore(new CloseInfo(CloseReason.LocalClose, "the non-wire fallback finished"), graceful: true);
    }

    private static string? CheckDialerPreamble(in Preamble preamble, ListenerOptions listen)
    {
        if (preamble.Version != TransportInfo.ProtocolVersion)
            return $"preamble: unsupported protocol version {preamble.Version} (this side speaks {TransportInfo.ProtocolVersion})";
        if (preamble.Role == PeerRole.None || !Enum.IsDefined(preamble.Role))
            return $"preamble: unknown peer role {(byte)preamble.Role}";
        if (!listen.AdmitsRole(preamble.Role))
            return $"preamble: role {preamble.Role} is not accepted here";
        if (listen.RequiredToken is not null && !CryptographicOperations.FixedTimeEquals(preamble.Token, listen.RequiredTokenBytes))
            return "preamble: bad auth token";
        if (listen.Authenticator is { } authenticate && authenticate(preamble.Role, preamble.Token) is { } refusal)
            return "preamble: " + refusal;
        return null;
    }

    private string? CheckListenerPreamble(in Preamble preamble)
    {
        if (preamble.Version != TransportInfo.ProtocolVersion)
            return $"preamble: the peer speaks protocol version {preamble.Version}, this side {TransportInfo.ProtocolVersion}";
        if (preamble.Role == PeerRole.None || !Enum.IsDefined(preamble.Role))
            return $"preamble: the peer declared unknown role {(byte)preamble.Role}";
        if (_dialOptions?.ExpectedRemoteRole is { } expected && expected != preamble.Role)
            return $"preamble: expected a {expected} peer, got {preamble.Role}";
        return null;
    }

    /// <summary>Ends the handshake as established; a dial with <see cref="DialOptions.ResumeDialInline"/> resumes its awaiter here, on the receive loop.</summary>
    private void SucceedHandshake() => _handshake.TrySetResult(true);

    /// <summary>
    /// Ends the handshake as failed, if it has not ended. Callers are close paths, some with the
    /// connection half closed: a dial that resumes inline is therefore resumed from the thread pool,
    /// so the dialer's error handling never runs inside them.
    /// </summary>
    private void FailHandshake()
    {
        if (_handshake.Task.IsCompleted)
            return;
        if (_dialOptions is { ResumeDialInline: true })
            ThreadPool.UnsafeQueueUserWorkItem(static c => c._handshake.TrySetResult(false), this, preferLocal: false);
        else
            _handshake.TrySetResult(false);
    }

    private static string FirstBytes(in ReadOnlySequence<byte> buffer)
    {
        ReadOnlySequence<byte> head = buffer.Slice(0, Math.Min(buffer.Length, 8));
        return Convert.ToHexString(head.ToArray());
    }
}

using System.Buffers;
using System.Net.Sockets;
using Microsoft.AspNetCore.WebUtilities;

namespace FastMesos.Marathon.Runtime.Probing;

/// <summary>
/// One TCP connection to a <see cref="ProbeEndpoint"/> carrying one probe at a time. It dials
/// asynchronously (<see cref="ConnectAsync"/>, bounded by <see cref="HttpProbeClient"/>'s sweep,
/// which closes the socket of a connect past its deadline: <see cref="TryExpire"/>). After that it
/// is driven synchronously by <see cref="HttpProbeWaves"/>'s thread on a non-blocking socket:
/// <see cref="TrySend"/> writes the pre-encoded GET, and <see cref="TryReceive"/> reads what has
/// arrived when <c>poll</c> says so. The receive parses the status line in place from the
/// connection's small buffer (a pooled one for long lines). It drains the body as the response
/// frames it (Content-Length, chunked, or to the close) and says whether the connection may carry
/// the next probe. No allocation per exchange, except the text of a failure.
/// </summary>
internal sealed class HttpProbeConnection : IDisposable
{
    /// <summary>
    /// The connection's own receive buffer: a typical health response fits, so a probe reads it
    /// with one receive.
    /// </summary>
    private const int SmallBufferSize = 512;

    /// <summary>Longest line (status, header, chunk size) a response may have: the pooled buffer a longer line moves to.</summary>
    private const int BufferSize = 8192;

    /// <summary>Most header (or trailer) bytes a response may have.</summary>
    private const int MaxHeaderBytes = 64 * 1024;

    private const long Idle = 0;
    private const long TimedOutMark = -1;
    private const int NeedMore = -1;
    private const int LineTooLong = -2;

    private readonly Socket _socket;
    private readonly ProbeEndpoint _endpoint;
    private bool _connected;
    private bool _connecting;   // a non-blocking connect is under way
    private long _deadline;   // of a connect in progress (the sweep's); Idle otherwise

    // The receive buffer of the exchange in progress (_small, or a pooled one once a line outgrew it): bytes [_start, _end) are unread.
    private readonly byte[] _small = new byte[SmallBufferSize];
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _lineStart;
    private bool _receivedAny;

    // The exchange in progress: what is left to send, and where the response's parse stands.
    private byte[] _request = [];
    private int _sent;
    private bool _reused;
    private ReadState _state;
    private int _status;
    private int _minor;
    private string? _reason;
    private ResponseFraming _framing;
    private int _headerBytes;
    private long _remaining;

    public HttpProbeConnection(ProbeEndpoint endpoint)
    {
        _endpoint = endpoint;
        _buffer = _small;
        // A host name may resolve to either family: a dual-mode socket dials both.
        _socket = endpoint.Address.AddressFamily == AddressFamily.Unspecified
            ? new Socket(SocketType.Stream, ProtocolType.Tcp)
            : new Socket(endpoint.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _socket.NoDelay = true;
    }

    private enum ReadState
    {
        StatusLine,
        Headers,
        Body,
        ToClose,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
    }

    public ProbeEndpoint Endpoint => _endpoint;

    public bool Connected => _connected;

    /// <summary>The socket's descriptor once <see cref="MakeNonBlocking"/> ran (what <c>poll</c> watches).</summary>
    public int Descriptor { get; private set; } = -1;

    /// <summary>True while the connect is under way or the request is not fully sent (<c>poll</c> waits for writability, not readability).</summary>
    public bool Sending => _connecting || _sent < _request.Length;

    /// <summary>Where the client's list of live connections holds this one (the sweep's bookkeeping).</summary>
    public int LiveIndex { get; set; } = -1;

    /// <summary><see cref="Environment.TickCount64"/> when the connection went back to its endpoint's idle stack.</summary>
    public long IdleSince { get; set; }

    /// <summary>Exchanges completed on this connection (the keep-alive reuse the tests assert).</summary>
    public int Exchanges { get; private set; }

    /// <summary>Closes the socket when the connect in progress passed its deadline (the sweep); true when it did.</summary>
    public bool TryExpire(long now)
    {
        long deadline = Volatile.Read(ref _deadline);
        if (deadline <= Idle || now < deadline || Interlocked.CompareExchange(ref _deadline, TimedOutMark, deadline) != deadline)
            return false;
        _socket.Dispose();
        return true;
    }

    /// <summary>Dials (a TCP check's whole probe, or an HTTP probe's first step): a connect that succeeds in time passes. Never throws.</summary>
    public async ValueTask<HttpProbeOutcome> ConnectAsync(long deadline)
    {
        Volatile.Write(ref _deadline, deadline);
        try
        {
            await _socket.ConnectAsync(_endpoint.Address).ConfigureAwait(false);
            _connected = true;
            return Disarm() ? new HttpProbeOutcome(0, null, null, false, false, false) : HttpProbeOutcome.Expired;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return Disarm() ? HttpProbeOutcome.Failed(Message(e)) : HttpProbeOutcome.Expired;
        }
    }

    /// <summary>Switches the socket to the synchronous non-blocking calls of the waves thread; false when that fails (the socket is gone).</summary>
    public bool MakeNonBlocking()
    {
        try
        {
            _socket.Blocking = false;
            Descriptor = (int)_socket.Handle;
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Starts a non-blocking connect to an address (after <see cref="MakeNonBlocking"/>): the socket
    /// never meets the runtime's socket engine, whose epoll thread would otherwise wake for every
    /// response. <see cref="Step"/> finishes it once <c>poll</c> finds the socket writable. A failure
    /// now is the outcome; null while the connect is under way.
    /// </summary>
    public HttpProbeOutcome? BeginConnect()
    {
        try
        {
            _socket.Connect(_endpoint.Address);
            _connected = true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            _connecting = true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return HttpProbeOutcome.Failed(Message(e));
        }
        return null;
    }

    /// <summary>Moves the exchange on when <c>poll</c> found its socket ready: the connect's result, the send, or the receive.</summary>
    public HttpProbeOutcome? Step()
    {
        if (_connecting)
        {
            _connecting = false;
            SocketError error;
            try
            {
                error = (SocketError)(int)_socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return Finish(HttpProbeOutcome.Failed(Message(e)));
            }
            if (error != SocketError.Success)
                return Finish(HttpProbeOutcome.Failed(Message(error)));
            _connected = true;
        }
        return Sending ? TrySend() : TryReceive();
    }

    /// <summary>Starts an exchange of <paramref name="request"/>; <paramref name="reused"/>: the connection carried a probe before.</summary>
    public void Begin(byte[] request, bool reused)
    {
        _request = request;
        _sent = 0;
        _reused = reused;
        _buffer = _small;
        _start = _end = 0;
        _receivedAny = false;
        _state = ReadState.StatusLine;
        _status = 0;
        _reason = null;
        _framing = ResponseFraming.None;
        _headerBytes = 0;
    }

    /// <summary>Sends what the socket takes now; an outcome when the send failed (the exchange is over), null otherwise.</summary>
    public HttpProbeOutcome? TrySend()
    {
        if (_connecting)
            return null;
        while (_sent < _request.Length)
        {
            int sent;
            SocketError error;
            try
            {
                sent = _socket.Send(_request.AsSpan(_sent), SocketFlags.None, out error);
            }
            catch (ObjectDisposedException e)
            {
                // Closed under the exchange (the client's dispose): an outcome, never an exception on the waves thread.
                return Finish(HttpProbeOutcome.Failed(Message(e)));
            }
            if (error == SocketError.WouldBlock)
                return null;
            if (error != SocketError.Success)
                return Finish(HttpProbeOutcome.Failed(Message(error), retryable: _reused));
            _sent += sent;
        }
        return null;
    }

    /// <summary>Reads what has arrived and parses on; the exchange's outcome when the response is complete or failed, null while more is expected.</summary>
    public HttpProbeOutcome? TryReceive()
    {
        while (true)
        {
            int space = _buffer.Length - _end;
            int read;
            SocketError error;
            try
            {
                read = _socket.Receive(_buffer.AsSpan(_end), SocketFlags.None, out error);
            }
            catch (ObjectDisposedException e)
            {
                return Finish(HttpProbeOutcome.Failed(Message(e)));
            }
            if (error == SocketError.WouldBlock)
                return null;
            if (error != SocketError.Success)
            {
                // A reset before any byte of the response on a reused connection: the server dropped it while idle.
                return Finish(HttpProbeOutcome.Failed(Message(error), retryable: _reused && !_receivedAny));
            }
            if (read > 0)
            {
                _end += read;
                _receivedAny = true;
            }
            if (Advance(closed: read == 0) is { } outcome)
                return Finish(outcome);
            // Another receive only when this one filled the buffer: otherwise it would find nothing (an EAGAIN per probe).
            if (read < space)
                return null;
        }
    }

    /// <summary>Ends the exchange the waves thread gave up on (its deadline passed): the socket goes with it.</summary>
    public void Abandon() => Finish(HttpProbeOutcome.Expired);

    private HttpProbeOutcome Finish(HttpProbeOutcome outcome)
    {
        if (_buffer != _small)
            ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = _small;
        _request = [];
        _sent = 0;
        if (outcome.Reusable)
            Exchanges++;
        return outcome;
    }

    /// <summary>Parses on from the bytes at hand; an outcome once the response is complete or cannot be (<paramref name="closed"/>: the peer closed).</summary>
    private HttpProbeOutcome? Advance(bool closed)
    {
        while (true)
        {
            switch (_state)
            {
                case ReadState.StatusLine:
                {
                    int length = NextLine();
                    if (length == LineTooLong)
                        return HttpProbeOutcome.Failed("malformed HTTP response: status line too long");
                    if (length == NeedMore)
                    {
                        return closed ? HttpProbeOutcome.Failed($"connection closed before a response ({_endpoint.Host}:{_endpoint.Port})", retryable: _reused && !_receivedAny)
                            : null;
                    }
                    ReadOnlySpan<byte> line = _buffer.AsSpan(_lineStart, length);
                    if (!HttpProbeParser.TryParseStatusLine(line, out _status, out _minor, out Range reasonRange))
                        return HttpProbeOutcome.Failed($"malformed HTTP status line: '{HttpProbeParser.Describe(line)}'");
                    // Only a failing status needs its reason (the failure's cause): passing probes allocate no text.
                    _reason = _status is >= 200 and < 400 ? null : ReasonOf(_status, line[reasonRange]);
                    _state = ReadState.Headers;
                    break;
                }
                case ReadState.Headers:
                {
                    int length = NextLine();
                    if (length == NeedMore && !closed)
                        return null;
                    if (length < 0)
                        return Done(false);
                    if (length == 0)
                    {
                        if (StartBody() is { } outcome)
                            return outcome;
                        break;
                    }
                    _headerBytes += length;
                    if (_headerBytes > MaxHeaderBytes || !HttpProbeParser.TryApplyHeader(_buffer.AsSpan(_lineStart, length), ref _framing))
                        return Done(false);
                    break;
                }
                case ReadState.Body:
                case ReadState.ChunkData:
                {
                    int take = (int)Math.Min(_remaining, _end - _start);
                    _start += take;
                    _remaining -= take;
                    if (_start == _end)
                        _start = _end = 0;
                    if (_remaining > 0)
                        return closed ? Done(false) : null;
                    if (_state == ReadState.Body)
                        return Done(true);
                    _state = ReadState.ChunkDataEnd;
                    break;
                }
                case ReadState.ToClose:
                    _start = _end = 0;
                    return closed ? Done(false) : null;
                case ReadState.ChunkSize:
                {
                    int length = NextLine();
                    if (length == NeedMore && !closed)
                        return null;
                    if (length < 0 || !HttpProbeParser.TryParseChunkSize(_buffer.AsSpan(_lineStart, length), out long size))
                        return Done(false);
                    _remaining = size;
                    _headerBytes = 0;
                    _state = size == 0 ? ReadState.Trailers : ReadState.ChunkData;
                    break;
                }
                case ReadState.ChunkDataEnd:
                {
                    int length = NextLine();
                    if (length == NeedMore && !closed)
                        return null;
                    if (length != 0)
                        return Done(false);
                    _state = ReadState.ChunkSize;
                    break;
                }
                default:
                {
                    int length = NextLine();
                    if (length == NeedMore && !closed)
                        return null;
                    if (length == 0)
                        return Done(true);
                    _headerBytes += Math.Max(length, 0);
                    if (length < 0 || _headerBytes > MaxHeaderBytes)
                        return Done(false);
                    break;
                }
            }
        }
    }

    /// <summary>After the headers: the outcome when the response has no body to drain (or is a 1xx), else null with the body's state set.</summary>
    private HttpProbeOutcome? StartBody()
    {
        // A 1xx is the probe's result (what ignoreHttp1xx is about); the final response that follows
        // it would be read by nobody, so the connection goes.
        if (_status < 200)
            return Done(false);
        if (_status is 204 or 304)
            return Done(true);
        if (_framing.Chunked)
            _state = ReadState.ChunkSize;
        else if (_framing.HasTransferEncoding || _framing.ContentLength < 0)
            _state = ReadState.ToClose;   // no framing: the body ends with the connection
        else
        {
            _remaining = _framing.ContentLength;
            _state = ReadState.Body;
        }
        return null;
    }

    /// <summary>The response was read (<paramref name="drained"/>: to its end, so nothing of it is left on the connection).</summary>
    private HttpProbeOutcome Done(bool drained)
    {
        bool reusable = drained && !_framing.Close && (_minor >= 1 || _framing.KeepAlive);
        // Bytes past the response were never asked for: the connection is out of step.
        return new HttpProbeOutcome(_status, _reason, null, false, reusable && _start == _end, false);
    }

    /// <summary>
    /// The next line's length without its CR LF (its bytes start at <c>_lineStart</c> and stay put
    /// until the next call), <see cref="NeedMore"/> (room was made for the next receive) or <see cref="LineTooLong"/>.
    /// </summary>
    private int NextLine()
    {
        int lf = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
        if (lf >= 0)
        {
            _lineStart = _start;
            _start += lf + 1;
            return lf > 0 && _buffer[_lineStart + lf - 1] == (byte)'\r' ? lf - 1 : lf;
        }
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer != _small)
                return LineTooLong;
            _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            Buffer.BlockCopy(_small, 0, _buffer, 0, _end);
        }
        return NeedMore;
    }

    /// <summary>Ends a connect's deadline; false when the sweep expired it first (the socket is closed).</summary>
    private bool Disarm() => Interlocked.Exchange(ref _deadline, Idle) != TimedOutMark;

    private string Message(Exception e) => $"{e.Message} ({_endpoint.Host}:{_endpoint.Port})";

    private string Message(SocketError error) => Message(new SocketException((int)error));

    private static string ReasonOf(int status, ReadOnlySpan<byte> reason) =>
        reason.IsEmpty ? ReasonPhrases.GetReasonPhrase(status) : HttpProbeParser.Describe(reason);

    public void Dispose() => _socket.Dispose();
}

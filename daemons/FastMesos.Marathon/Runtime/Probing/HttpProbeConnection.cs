using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.WebUtilities;

namespace FastMesos.Marathon.Runtime.Probing;

/// <summary>
/// One TCP connection to a <see cref="ProbeEndpoint"/> carrying one probe at a time: sends the
/// pre-encoded GET, parses the status line in place from its own small buffer (a pooled one for long lines), drains the body as the
/// response frames it (Content-Length, chunked, or to the close) and says whether the connection
/// may carry the next probe. Its timeout is a deadline that <see cref="HttpProbeClient"/>'s sweep
/// enforces by closing the socket (<see cref="TryExpire"/>): no timer or token per probe.
/// </summary>
internal sealed class HttpProbeConnection : IDisposable
{
    /// <summary>
    /// The connection's own receive buffer: a typical health response fits, so a probe reads into
    /// it with one receive (a pooled buffer rented per probe would have to be held while waiting,
    /// and 256 waiting probes drain the pool; a zero-byte receive first costs a syscall).
    /// </summary>
    private const int SmallBufferSize = 512;

    /// <summary>Longest line (status, header, chunk size) a response may have: the pooled buffer a longer line moves to.</summary>
    private const int BufferSize = 8192;

    /// <summary>Most header bytes a response may have.</summary>
    private const int MaxHeaderBytes = 64 * 1024;

    private const long Idle = 0;
    private const long TimedOutMark = -1;
    private const int LineClosed = -1;
    private const int LineTooLong = -2;

    private readonly Socket _socket;
    private readonly ProbeEndpoint _endpoint;
    private bool _connected;
    private long _deadline;

    // The receive buffer of the exchange in progress (_small, or a pooled one once a line outgrew it): bytes [_start, _end) are unread.
    private readonly byte[] _small = new byte[SmallBufferSize];
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _lineStart;
    private bool _receivedAny;

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

    public ProbeEndpoint Endpoint => _endpoint;

    /// <summary>Where the client's list of live connections holds this one (the sweep's bookkeeping).</summary>
    public int LiveIndex { get; set; } = -1;

    /// <summary><see cref="Environment.TickCount64"/> when the connection went back to its endpoint's idle stack.</summary>
    public long IdleSince { get; set; }

    /// <summary>Exchanges completed on this connection (the keep-alive reuse the tests assert).</summary>
    public int Exchanges { get; private set; }

    /// <summary>Closes the socket when the exchange in progress passed its deadline (the sweep); true when it did.</summary>
    public bool TryExpire(long now)
    {
        long deadline = Volatile.Read(ref _deadline);
        if (deadline <= Idle || now < deadline || Interlocked.CompareExchange(ref _deadline, TimedOutMark, deadline) != deadline)
            return false;
        _socket.Dispose();
        return true;
    }

    /// <summary>Dials if needed and only that (a TCP check): a connect that succeeds in time passes.</summary>
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

    /// <summary>One GET of <paramref name="request"/> and its response, bounded by <paramref name="deadline"/>. Never throws.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<HttpProbeOutcome> ExchangeAsync(byte[] request, long deadline)
    {
        Volatile.Write(ref _deadline, deadline);
        _buffer = _small;
        _start = _end = 0;
        _receivedAny = false;
        bool reused = _connected;
        HttpProbeOutcome outcome;
        try
        {
            if (!_connected)
            {
                await _socket.ConnectAsync(_endpoint.Address).ConfigureAwait(false);
                _connected = true;
            }
            for (int sent = 0; sent < request.Length;)
                sent += await _socket.SendAsync(request.AsMemory(sent), SocketFlags.None).ConfigureAwait(false);
            // The wait for the response happens here, so the parsing below usually completes without
            // suspending (every async level that suspends costs a box at 256 probes in flight).
            int read = await _socket.ReceiveAsync(_buffer, SocketFlags.None).ConfigureAwait(false);
            if (read > 0)
            {
                _end = read;
                _receivedAny = true;
            }
            outcome = await ReadResponseAsync(reused).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            // A reset before any byte of the response on a reused connection: the server dropped it while idle.
            outcome = HttpProbeOutcome.Failed(Message(e), retryable: reused && !_receivedAny);
        }
        finally
        {
            if (_buffer != _small)
                ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = _small;
        }
        if (!Disarm())
            return outcome.Status != 0 ? outcome with { Reusable = false } : HttpProbeOutcome.Expired;
        if (outcome.Reusable)
            Exchanges++;
        return outcome;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<HttpProbeOutcome> ReadResponseAsync(bool reused)
    {
        int length = await ReadLineAsync().ConfigureAwait(false);
        if (length < 0)
        {
            return length == LineTooLong ? HttpProbeOutcome.Failed("malformed HTTP response: status line too long")
                : HttpProbeOutcome.Failed($"connection closed before a response ({_endpoint.Host}:{_endpoint.Port})", retryable: reused && !_receivedAny);
        }
        if (!HttpProbeParser.TryParseStatusLine(_buffer.AsSpan(_lineStart, length), out int status, out int minor, out Range reasonRange))
            return HttpProbeOutcome.Failed($"malformed HTTP status line: '{HttpProbeParser.Describe(_buffer.AsSpan(_lineStart, length))}'");
        // Only a failing status needs its reason (the failure's cause): passing probes allocate no text.
        string? reason = status is >= 200 and < 400 ? null : ReasonOf(status, _buffer.AsSpan(_lineStart, length)[reasonRange]);

        ResponseFraming framing = ResponseFraming.None;
        for (int headerBytes = 0; ;)
        {
            length = await ReadLineAsync().ConfigureAwait(false);
            if (length < 0)
                return new HttpProbeOutcome(status, reason, null, false, false, false);
            if (length == 0)
                break;
            headerBytes += length;
            if (headerBytes > MaxHeaderBytes || !HttpProbeParser.TryApplyHeader(_buffer.AsSpan(_lineStart, length), ref framing))
                return new HttpProbeOutcome(status, reason, null, false, false, false);
        }

        // A 1xx is the probe's result (what ignoreHttp1xx is about); the final response that follows
        // it would be read by nobody, so the connection goes.
        if (status < 200)
            return new HttpProbeOutcome(status, reason, null, false, false, false);
        bool reusable = !framing.Close && (minor >= 1 || framing.KeepAlive);
        bool drained;
        if (status is 204 or 304)
            drained = true;
        else if (framing.Chunked)
            drained = await DrainChunkedAsync().ConfigureAwait(false);
        else if (framing.HasTransferEncoding || framing.ContentLength < 0)
        {
            // No framing: the body ends with the connection.
            drained = await DrainAsync(long.MaxValue).ConfigureAwait(false);
            reusable = false;
        }
        else
            drained = await DrainAsync(framing.ContentLength).ConfigureAwait(false);
        // Bytes past the response were never asked for: the connection is out of step.
        return new HttpProbeOutcome(status, reason, null, false, reusable && drained && _start == _end, false);
    }

    /// <summary>Skips <paramref name="count"/> body bytes; false when the connection closed first (always, for <see cref="long.MaxValue"/>).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> DrainAsync(long count)
    {
        while (true)
        {
            int take = (int)Math.Min(count, _end - _start);
            _start += take;
            count -= take;
            if (count == 0)
                return true;
            _start = _end = 0;
            int read = await _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None).ConfigureAwait(false);
            if (read == 0)
                return false;
            _end = read;
        }
    }

    /// <summary>Skips a chunked body and its trailers; false when it is malformed or cut short.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> DrainChunkedAsync()
    {
        while (true)
        {
            int length = await ReadLineAsync().ConfigureAwait(false);
            if (length < 0 || !HttpProbeParser.TryParseChunkSize(_buffer.AsSpan(_lineStart, length), out long size))
                return false;
            if (size == 0)
                break;
            if (!await DrainAsync(size).ConfigureAwait(false) || await ReadLineAsync().ConfigureAwait(false) != 0)
                return false;
        }
        for (int trailerBytes = 0; ;)
        {
            int length = await ReadLineAsync().ConfigureAwait(false);
            if (length == 0)
                return true;
            trailerBytes += length;
            if (length < 0 || trailerBytes > MaxHeaderBytes)
                return false;
        }
    }

    /// <summary>
    /// The next line's length without its CR LF (its bytes start at <c>_lineStart</c> and stay put
    /// until the next call), <see cref="LineClosed"/> or <see cref="LineTooLong"/>.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadLineAsync()
    {
        while (true)
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
            int read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None).ConfigureAwait(false);
            if (read == 0)
                return LineClosed;
            _receivedAny = true;
            _end += read;
        }
    }

    /// <summary>Ends the exchange's deadline; false when the sweep expired it first (the socket is closed).</summary>
    private bool Disarm() => Interlocked.Exchange(ref _deadline, Idle) != TimedOutMark;

    private string Message(Exception e) => $"{e.Message} ({_endpoint.Host}:{_endpoint.Port})";

    private static string ReasonOf(int status, ReadOnlySpan<byte> reason) =>
        reason.IsEmpty ? ReasonPhrases.GetReasonPhrase(status) : HttpProbeParser.Describe(reason);

    public void Dispose() => _socket.Dispose();
}

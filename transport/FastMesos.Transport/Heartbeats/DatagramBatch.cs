using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using static FastMesos.Transport.Heartbeats.DatagramInterop;

namespace FastMesos.Transport.Heartbeats;

/// <summary>
/// A UDP socket read and written many datagrams per system call (<c>recvmmsg</c> / <c>sendmmsg</c>),
/// over native buffers allocated once: receiving and sending allocate nothing. Neither call ever
/// blocks (<c>MSG_DONTWAIT</c>): the owner decides when to look, which is what lets many datagrams
/// share one wake-up.
/// </summary>
/// <remarks>
/// Not thread-safe: the owner keeps the receive side (<see cref="Receive"/>, <see cref="Received"/>,
/// <see cref="Source"/>) to one thread at a time and the send side (<see cref="Queue"/>,
/// <see cref="Flush"/>) to one thread at a time; the two sides share nothing but the socket.
/// Only where <see cref="IsSupported"/> (64-bit Linux).
/// </remarks>
public sealed unsafe class DatagramBatch : IDisposable
{
    /// <summary>Receive room per datagram: larger ones arrive truncated and are reported as such.</summary>
    public const int MaxDatagram = 64;

    private readonly Socket _socket;
    private readonly int _fd;
    private readonly int _capacity;
    private readonly Side _receive;
    private readonly Side _send;

    /// <summary>Each received datagram's control buffer (its kernel timestamp), or null when not asked for.</summary>
    private readonly byte* _control;
    private int _queued;
    private bool _disposed;

    /// <summary>Datagrams per <c>recvmmsg</c> / <c>sendmmsg</c> unless the constructor is given another number.</summary>
    public const int DefaultCapacity = 256;

    /// <summary>A control message holding one <c>struct timespec</c> (<c>CMSG_SPACE(16)</c>).</summary>
    private const int ControlBytes = CMsgHdr.Size + 16;

    /// <summary>Binds a UDP socket at <paramref name="endPoint"/> (port 0 picks one).</summary>
    /// <param name="endPoint">Where to bind.</param>
    /// <param name="capacity">Datagrams per <c>recvmmsg</c> and per <c>sendmmsg</c>.</param>
    /// <param name="socketBufferBytes">The socket's receive and send buffer sizes.</param>
    /// <param name="receiveTimestamps">
    /// Have the kernel stamp every datagram with the time it reached the socket
    /// (<c>SO_TIMESTAMPNS</c>), read with <see cref="TryGetArrival"/>: what a receiver busy elsewhere
    /// would otherwise add to a measured latency. When no other socket on the machine asks for stamps,
    /// Linux turns them on from a work item shortly after; a datagram arriving before that is stamped
    /// when it is read (the latencies of a scenario's first pings may include the wait to be read).
    /// </param>
    public DatagramBatch(IPEndPoint endPoint, int capacity = DefaultCapacity, int socketBufferBytes = 4 * 1024 * 1024, bool receiveTimestamps = false)
    {
        if (!IsSupported)
            throw new PlatformNotSupportedException("batched datagrams need 64-bit Linux (recvmmsg/sendmmsg)");
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // A master listening on [::] serves IPv4 agents too, as its TCP listener does.
            if (endPoint.Address.Equals(IPAddress.IPv6Any))
                _socket.DualMode = true;
            _socket.ReceiveBufferSize = socketBufferBytes;
            _socket.SendBufferSize = socketBufferBytes;
            if (receiveTimestamps)
                _socket.SetRawSocketOption(SolSocket, SoTimestampNs, [1, 0, 0, 0]);
            _socket.Bind(endPoint);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        _fd = (int)_socket.Handle;
        _capacity = capacity;
        _receive = new Side(capacity);
        _send = new Side(capacity);
        if (receiveTimestamps)
            _control = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * ControlBytes));
    }

    public static bool IsSupported => DatagramInterop.IsSupported;

    /// <summary>The most datagrams one <see cref="Receive"/> takes or one <see cref="Flush"/> call sends.</summary>
    public int Capacity => _capacity;

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>The socket itself, for <c>Poll</c> (waiting for the next datagram).</summary>
    public Socket Socket => _socket;

    /// <summary>Datagrams the last <see cref="Flush"/>es could not send (the socket buffer was full or the call failed).</summary>
    public long SendFailures { get; private set; }

    /// <summary>
    /// Takes up to the batch's capacity of waiting datagrams in one call; returns how many (0 when none
    /// wait). Read them with <see cref="Received"/> and <see cref="Source"/> before the next call.
    /// </summary>
    public int Receive()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (int i = 0; i < _capacity; i++)
        {
            _receive.Headers[i].Header.NameLength = SockAddr.MaxLength;
            _receive.Headers[i].Header.Flags = 0;
            _receive.Vectors[i].Length = MaxDatagram;
            if (_control is not null)
            {
                _receive.Headers[i].Header.Control = _control + i * ControlBytes;
                _receive.Headers[i].Header.ControlLength = ControlBytes;
            }
        }

        while (true)
        {
            int n = RecvMMsg(_fd, _receive.Headers, (uint)_capacity, MsgDontWait, null);
            if (n >= 0)
                return n;
            int errno = Marshal.GetLastPInvokeError();
            if (errno == EIntr)
                continue;
            // EAGAIN: nothing waits. Anything else (e.g. a closed socket) also means no datagrams.
            return 0;
        }
    }

    /// <summary>The <paramref name="index"/>th datagram of the last <see cref="Receive"/>, or an empty span when it arrived truncated.</summary>
    public ReadOnlySpan<byte> Received(int index)
    {
        ref MMsgHdr h = ref _receive.Headers[(uint)index < (uint)_capacity ? index : ThrowIndex()];
        if ((h.Header.Flags & MsgTrunc) != 0)
            return [];
        return new ReadOnlySpan<byte>(_receive.Data + index * MaxDatagram, (int)Math.Min(h.Length, MaxDatagram));
    }

    /// <summary>The sender's <c>sockaddr</c> of the <paramref name="index"/>th datagram of the last <see cref="Receive"/>.</summary>
    public ReadOnlySpan<byte> Source(int index)
    {
        ref MMsgHdr h = ref _receive.Headers[(uint)index < (uint)_capacity ? index : ThrowIndex()];
        return new ReadOnlySpan<byte>(_receive.Addresses + index * SockAddr.MaxLength, (int)Math.Min(h.Header.NameLength, SockAddr.MaxLength));
    }

    /// <summary>
    /// When the <paramref name="index"/>th datagram of the last <see cref="Receive"/> reached the
    /// socket, in nanoseconds since the Unix epoch (the kernel's <c>CLOCK_REALTIME</c>); false when the
    /// batch was not built with <c>receiveTimestamps</c> or the kernel gave no stamp.
    /// </summary>
    public bool TryGetArrival(int index, out long unixNanoseconds)
    {
        ref MMsgHdr h = ref _receive.Headers[(uint)index < (uint)_capacity ? index : ThrowIndex()];
        unixNanoseconds = 0;
        if (_control is null || h.Header.ControlLength < ControlBytes)
            return false;
        var cmsg = (CMsgHdr*)h.Header.Control;
        if (cmsg->Level != SolSocket || cmsg->Type != SoTimestampNs || cmsg->Length < ControlBytes)
            return false;
        var time = (TimeSpec*)((byte*)cmsg + CMsgHdr.Size);
        unixNanoseconds = time->Seconds * 1_000_000_000 + time->Nanoseconds;
        return true;
    }

    /// <summary>Queues one datagram to <paramref name="sockaddr"/>; a full queue is flushed first.</summary>
    public void Queue(ReadOnlySpan<byte> sockaddr, ReadOnlySpan<byte> payload)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (payload.Length > MaxDatagram || sockaddr.Length > SockAddr.MaxLength)
            ThrowTooLong();
        if (_queued == _capacity)
            Flush();
        int i = _queued++;
        sockaddr.CopyTo(new Span<byte>(_send.Addresses + i * SockAddr.MaxLength, SockAddr.MaxLength));
        payload.CopyTo(new Span<byte>(_send.Data + i * MaxDatagram, MaxDatagram));
        _send.Headers[i].Header.NameLength = (uint)sockaddr.Length;
        _send.Headers[i].Header.Flags = 0;
        _send.Vectors[i].Length = (nuint)payload.Length;
    }

    /// <summary>Datagrams queued and not yet flushed.</summary>
    public int Queued => _queued;

    /// <summary>Sends everything queued, as few calls as the kernel takes; returns how many were sent.</summary>
    public int Flush()
    {
        int sent = 0;
        while (sent < _queued)
        {
            int n = SendMMsg(_fd, _send.Headers + sent, (uint)(_queued - sent), MsgDontWait);
            if (n > 0)
            {
                sent += n;
                continue;
            }

            if (n < 0 && Marshal.GetLastPInvokeError() == EIntr)
                continue;
            // The socket buffer is full (EAGAIN) or the call failed: datagrams are best effort, and
            // the heartbeat protocol treats a lost one as a missed ping.
            SendFailures += _queued - sent;
            break;
        }

        _queued = 0;
        return sent;
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _socket.Dispose();
        _receive.Free();
        _send.Free();
        NativeMemory.Free(_control);
    }

    private static int ThrowIndex() => throw new ArgumentOutOfRangeException("index");

    private static void ThrowTooLong() => throw new ArgumentException($"a datagram of at most {MaxDatagram} bytes to a sockaddr of at most {SockAddr.MaxLength}");

    /// <summary>One direction's native arrays: headers, vectors, addresses and data, each slot pointing at its own.</summary>
    private sealed class Side
    {
        public readonly MMsgHdr* Headers;
        public readonly IoVec* Vectors;
        public readonly byte* Addresses;
        public readonly byte* Data;

        public Side(int capacity)
        {
            Headers = (MMsgHdr*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(MMsgHdr)));
            Vectors = (IoVec*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(IoVec)));
            Addresses = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * SockAddr.MaxLength));
            Data = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * MaxDatagram));
            for (int i = 0; i < capacity; i++)
            {
                Vectors[i].Base = Data + i * MaxDatagram;
                Vectors[i].Length = MaxDatagram;
                Headers[i].Header.Name = Addresses + i * SockAddr.MaxLength;
                Headers[i].Header.NameLength = SockAddr.MaxLength;
                Headers[i].Header.Iov = Vectors + i;
                Headers[i].Header.IovLength = 1;
            }
        }

        public void Free()
        {
            NativeMemory.Free(Headers);
            NativeMemory.Free(Vectors);
            NativeMemory.Free(Addresses);
            NativeMemory.Free(Data);
        }
    }
}

using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using FastMesos.Messages;

namespace FastMesos.Transport.Heartbeats;

/// <summary>
/// The master's side of the datagram heartbeat channel. Over TCP a ping to each of 10,000 agents
/// once a second costs a wake-up, a <c>recv</c> and a <c>send</c> per agent (~13 µs of master CPU
/// each here, at the plain-socket floor). Here a tick's pings leave in one <c>sendmmsg</c> and the
/// pongs that arrived since the last tick are taken in one <c>recvmmsg</c>, so the per-heartbeat
/// cost is what the kernel charges per datagram.
/// </summary>
/// <remarks>
/// <para>The protocol. A peer (an agent's TCP connection) gets a slot and a random token when the
/// master offers the channel (<see cref="Offer"/>, carried in AgentRegistered). The agent answers
/// with a hello datagram from its socket; the master checks slot, token and that it comes from the
/// connection's host, and from then on sends that peer's pings here (<see cref="TrySendPing"/>). A
/// ping still unanswered after the server's patience (half a ping interval: the next turn finds it
/// so) means datagrams do not get through: the peer falls back to TCP pings for the rest of its
/// connection (its missed ping is counted by the core as any other). A ping sent sooner while one is
/// outstanding (a registration answered twice pings twice) goes out as a datagram too. Datagrams that are malformed, name a free or stale slot, or carry the wrong token are
/// dropped and counted, never acted on.</para>
/// <para>Threads. <see cref="Offer"/>, <see cref="Withdraw"/>, <see cref="TrySendPing"/> and
/// <see cref="Drain{TSink}"/> run under the master's lock (one at a time); the send queue has a lock
/// of its own so <see cref="Flush"/> runs after the master's lock is released.</para>
/// </remarks>
public sealed class HeartbeatServer : IDisposable
{
    private const byte Free = 0, Offered = 1, Active = 2, Failed = 3;

    private readonly DatagramBatch _batch;
    private readonly int _maxBatchesPerDrain;
    private readonly Lock _sendLock = new();
    private readonly Action<string> _log;
    private readonly long _patience;
    private readonly Dictionary<int, int> _slotOfPeer = [];
    private readonly Stack<int> _freeSlots = new();
    private readonly byte[] _datagram = new byte[HeartbeatDatagram.Size];

    // Per slot, side by side. _address holds each Active slot's sockaddr (SockAddr.MaxLength bytes).
    private int[] _peer = new int[64];
    private ulong[] _token = new ulong[64];
    private byte[] _state = new byte[64];
    private bool[] _awaitingPong = new bool[64];
    private long[] _awaitingSince = new long[64];
    private IPAddress?[] _host = new IPAddress?[64];
    private byte[] _address = new byte[64 * SockAddr.MaxLength];
    private byte[] _addressLength = new byte[64];
    private int _slotCount;
    private int _active;

    // Tokens are drawn from this block, refilled by one RandomNumberGenerator.Fill when used up: a
    // fill per token (OpenSSL's RAND_bytes and its fork check, a getpid, each time) was about 2% of
    // the master's CPU in a register storm. Under the master's lock, as Offer is.
    private readonly ulong[] _tokens = new ulong[512];
    private int _nextToken = 512;
    private long _pingsSent, _pongs, _hellos, _dropped, _fallbacks;
    private bool _disposed;

    private HeartbeatServer(DatagramBatch batch, long patience, Action<string>? log, int maxBatchesPerDrain)
    {
        _batch = batch;
        _patience = patience;
        _log = log ?? (static _ => { });
        _maxBatchesPerDrain = maxBatchesPerDrain;
    }

    /// <summary>
    /// Opens the channel at <paramref name="address"/>, on <paramref name="port"/> when it is free
    /// (the TCP port's number, for firewall rules that open one number for both) and else on any;
    /// null where batched datagrams are not supported, and the master pings over TCP only.
    /// <paramref name="patience"/>: how long a datagram ping may go unanswered, in the units of the
    /// pings' <see cref="Ping.Timestamp"/>, before its peer falls back to TCP.
    /// </summary>
    public static HeartbeatServer? TryStart(IPAddress address, int port, long patience, Action<string>? log = null) =>
        TryStart(address, port, patience, log, DatagramBatch.DefaultCapacity, MaxBatchesPerDrain);

    /// <summary>
    /// <see cref="TryStart(IPAddress, int, long, Action{string}?)"/> with smaller batches and drains,
    /// so a test can fill more than one drain without a socket buffer of 16,384 datagrams.
    /// </summary>
    internal static HeartbeatServer? TryStart(IPAddress address, int port, long patience, Action<string>? log, int batchCapacity, int maxBatchesPerDrain)
    {
        if (!DatagramBatch.IsSupported)
            return null;
        try
        {
            return new HeartbeatServer(new DatagramBatch(new IPEndPoint(address, port), batchCapacity), patience, log, maxBatchesPerDrain);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException)
        {
            return new HeartbeatServer(new DatagramBatch(new IPEndPoint(address, 0), batchCapacity), patience, log, maxBatchesPerDrain);
        }
    }

    public IPEndPoint LocalEndPoint => _batch.LocalEndPoint;

    public HeartbeatCounters Counters => new(_pingsSent, _pongs, _hellos, _dropped, _fallbacks, _batch.SendFailures, _active);

    /// <summary>
    /// The channel for <paramref name="peer"/>, whose connection comes from <paramref name="host"/>:
    /// the same slot and token for as long as the connection lives (a registration answered twice
    /// offers the same channel twice).
    /// </summary>
    public HeartbeatChannel Offer(int peer, IPAddress host)
    {
        if (!_slotOfPeer.TryGetValue(peer, out int slot))
        {
            slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : NewSlot();
            _slotOfPeer.Add(peer, slot);
            _peer[slot] = peer;
            _token[slot] = NewToken();
            _state[slot] = Offered;
            _awaitingPong[slot] = false;
            _host[slot] = SockAddr.Normalize(host);
        }

        return new HeartbeatChannel(_batch.LocalEndPoint.Port, (uint)slot, _token[slot]);
    }

    /// <summary>The peer's connection closed: its slot is free, and datagrams naming it are dropped from now on.</summary>
    public void Withdraw(int peer)
    {
        if (!_slotOfPeer.Remove(peer, out int slot))
            return;
        if (_state[slot] == Active)
            _active--;
        _state[slot] = Free;
        _token[slot] = 0;
        _host[slot] = null;
        _freeSlots.Push(slot);
    }

    /// <summary>
    /// Queues <paramref name="ping"/> for <paramref name="peer"/> as a datagram when its channel is up;
    /// false when it must go over TCP (no channel, no hello yet, or a datagram ping went unanswered
    /// longer than the patience, which ends the channel for this connection).
    /// </summary>
    public bool TrySendPing(int peer, in Ping ping)
    {
        if (!_slotOfPeer.TryGetValue(peer, out int slot) || _state[slot] != Active)
            return false;
        if (_awaitingPong[slot] && ping.Timestamp - _awaitingSince[slot] >= _patience)
        {
            _state[slot] = Failed;
            _active--;
            // Logged at the 1st, 2nd, 4th, 8th, …: 10,000 agents behind a filter make 14 lines, not 10,000.
            if ((++_fallbacks & (_fallbacks - 1)) == 0)
                _log($"heartbeat datagrams to peer {peer} go unanswered: pinging it over TCP from now on ({_fallbacks} connections so far)");
            return false;
        }

        // The oldest unanswered ping is the one that counts: quick extra pings do not postpone the verdict.
        if (!_awaitingPong[slot])
            _awaitingSince[slot] = ping.Timestamp;
        _awaitingPong[slot] = true;
        new HeartbeatDatagram(HeartbeatKind.Ping, (uint)slot, _token[slot], ping.Sequence, ping.Timestamp, ping.Connected).Write(_datagram);
        lock (_sendLock)
        {
            if (_disposed)
                return false;
            _batch.Queue(_address.AsSpan(slot * SockAddr.MaxLength, _addressLength[slot]), _datagram);
        }

        _pingsSent++;
        return true;
    }

    /// <summary>Sends the queued pings (one <c>sendmmsg</c> for a tick's worth); call it outside the master's lock.</summary>
    public void Flush()
    {
        lock (_sendLock)
        {
            if (!_disposed && _batch.Queued > 0)
                _batch.Flush();
        }
    }

    /// <summary>
    /// The most <c>recvmmsg</c> batches one <see cref="Drain{TSink}"/> reads (64 × 256 datagrams):
    /// it runs under the master's lock, and a flood on the port must not hold that lock; what is left
    /// waits for the next tick or overflows the socket buffer. 10,000 agents send ~100 pongs a tick.
    /// </summary>
    public const int MaxBatchesPerDrain = 64;

    /// <summary>
    /// Takes the datagrams waiting (a <c>recvmmsg</c> per batch, at most <see cref="MaxBatchesPerDrain"/>),
    /// registers hellos and hands each valid pong to <paramref name="sink"/>; returns how many datagrams it read.
    /// </summary>
    public int Drain<TSink>(ref TSink sink) where TSink : struct, IPongSink
    {
        if (_disposed)
            return 0;
        int total = 0;
        for (int batch = 0; batch < _maxBatchesPerDrain; batch++)
        {
            int n = _batch.Receive();
            for (int i = 0; i < n; i++)
                Handle(_batch.Received(i), _batch.Source(i), ref sink);
            total += n;
            if (n < _batch.Capacity)
                break;
        }

        return total;
    }

    private void Handle<TSink>(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> source, ref TSink sink) where TSink : struct, IPongSink
    {
        string? malformed = HeartbeatDatagram.TryRead(bytes, out HeartbeatDatagram d);
        if (malformed is not null)
        {
            Drop(malformed, source);
            return;
        }

        int slot = (int)Math.Min(d.Slot, int.MaxValue);
        if (slot >= _slotCount || _state[slot] == Free || _token[slot] != d.Token)
        {
            Drop($"{d.Kind} for slot {d.Slot} with a token that is not its connection's (stale or forged)", source);
            return;
        }

        switch (d.Kind)
        {
            case HeartbeatKind.Hello:
                OnHello(slot, source);
                break;
            case HeartbeatKind.Pong when _state[slot] == Active:
                _awaitingPong[slot] = false;
                _pongs++;
                sink.OnPong(_peer[slot], new Pong(d.Sequence, d.Timestamp));
                break;
            case HeartbeatKind.Pong:
                Drop($"a pong for slot {slot}, whose channel is not up", source);
                break;
            default:
                Drop($"a {d.Kind} sent to the master", source);
                break;
        }
    }

    private void OnHello(int slot, ReadOnlySpan<byte> source)
    {
        if (_state[slot] == Failed)
            return;   // Datagrams did not get through on this connection; it stays on TCP.
        IPEndPoint? from = SockAddr.Read(source);
        if (from is null || !SockAddr.Normalize(from.Address).Equals(_host[slot]))
        {
            Drop($"a hello for slot {slot} from {from?.ToString() ?? "an unknown address"}, not from its connection's host {_host[slot]}", source);
            return;
        }

        source.CopyTo(_address.AsSpan(slot * SockAddr.MaxLength, SockAddr.MaxLength));
        _addressLength[slot] = (byte)source.Length;
        if (_state[slot] != Active)
            _active++;
        _state[slot] = Active;
        _awaitingPong[slot] = false;
        _hellos++;
    }

    /// <summary>Counts a dropped datagram; logs the 1st, 2nd, 4th, 8th, … so a flood cannot flood the log.</summary>
    private void Drop(string reason, ReadOnlySpan<byte> source)
    {
        _dropped++;
        if ((_dropped & (_dropped - 1)) == 0)
            _log($"dropped heartbeat datagram #{_dropped} from {SockAddr.Read(source)?.ToString() ?? "?"}: {reason}");
    }

    private int NewSlot()
    {
        if (_slotCount == _peer.Length)
            ResizeSlots(_peer.Length * 2);
        return _slotCount++;
    }

    /// <summary>
    /// Room for <paramref name="agents"/> slots, so that as many offers copy no array: a master that
    /// recovered its registry knows how many agents are about to come back. Under the master's lock, as Offer is.
    /// </summary>
    public void EnsureCapacity(int agents)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(agents);
        if (agents > _peer.Length)
            ResizeSlots(agents);
        _slotOfPeer.EnsureCapacity(agents);
    }

    /// <summary>The slots the per-slot columns hold before they grow again.</summary>
    internal int SlotCapacity => _peer.Length;

    private void ResizeSlots(int size)
    {
        Array.Resize(ref _peer, size);
        Array.Resize(ref _token, size);
        Array.Resize(ref _state, size);
        Array.Resize(ref _awaitingPong, size);
        Array.Resize(ref _awaitingSince, size);
        Array.Resize(ref _host, size);
        Array.Resize(ref _addressLength, size);
        Array.Resize(ref _address, size * SockAddr.MaxLength);
    }

    /// <summary>A random token, never zero: a withdrawn slot's token is zero.</summary>
    private ulong NewToken()
    {
        while (true)
        {
            if (_nextToken == _tokens.Length)
            {
                RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(_tokens.AsSpan()));
                _nextToken = 0;
            }
            ulong token = _tokens[_nextToken++];
            if (token != 0)
                return token;
        }
    }

    /// <summary>Closes the socket. Call it once nothing drains any more (the master's tick has stopped).</summary>
    public void Dispose()
    {
        lock (_sendLock)
        {
            if (_disposed)
                return;
            _disposed = true;
            _batch.Dispose();
        }
    }
}

using System.Net;
using System.Net.Sockets;
using FastMesos.Messages;
using FastMesos.Transport.Heartbeats;

namespace FastMesos.Transport.Tests.Heartbeats;

/// <summary>
/// The master's datagram channel against plain UDP sockets playing agents: hello, pings out, pongs
/// in; and everything that must not move it — a forged token, a hello from another host, a stale
/// slot — dropped and counted. A ping left unanswered sends the peer back to TCP.
/// </summary>
public sealed class HeartbeatServerTests : IDisposable
{
    /// <summary>How long a datagram ping may go unanswered, in the pings' timestamp units.</summary>
    private const long Patience = 100;

    private readonly List<string> _log = [];
    private readonly HeartbeatServer _server;
    private readonly List<Socket> _sockets = [];

    public HeartbeatServerTests()
    {
        _server = HeartbeatServer.TryStart(IPAddress.Loopback, 0, Patience, line => { lock (_log) _log.Add(line); })
            ?? throw new InvalidOperationException("batched datagrams are not supported here");
    }

    public void Dispose()
    {
        _server.Dispose();
        foreach (Socket s in _sockets)
            s.Dispose();
    }

    [Fact]
    public async Task A_peer_that_says_hello_gets_its_pings_as_datagrams_and_its_pongs_reach_the_sink()
    {
        HeartbeatChannel channel = _server.Offer(peer: 7, IPAddress.Loopback);
        Assert.Equal(_server.LocalEndPoint.Port, channel.Port);
        Assert.False(_server.TrySendPing(7, new Ping(1, 100)), "no hello yet: TCP");

        Socket agent = AgentSocket(IPAddress.Loopback);
        Send(agent, new HeartbeatDatagram(HeartbeatKind.Hello, channel.Slot, channel.Token, 0, 0));
        var sink = new Sink();
        await DrainUntil(() => _server.Counters.Hellos == 1, sink);
        Assert.Equal(1, _server.Counters.ActiveAgents);

        Assert.True(_server.TrySendPing(7, new Ping(2, 200, Connected: false)));
        _server.Flush();
        HeartbeatDatagram ping = Receive(agent);
        Assert.Equal(new HeartbeatDatagram(HeartbeatKind.Ping, channel.Slot, channel.Token, 2, 200, Connected: false), ping);

        Send(agent, ping with { Kind = HeartbeatKind.Pong, Connected = true });
        await DrainUntil(() => sink.Pongs.Count == 1, sink);
        Assert.Equal((7, new Pong(2, 200)), sink.Pongs[0]);

        // Answered: the next ping goes out as a datagram too.
        Assert.True(_server.TrySendPing(7, new Ping(3, 300)));
        Assert.True(_server.TrySendPing(7, new Ping(4, 300 + Patience - 1)));
        Assert.Equal(new HeartbeatCounters(3, 1, 1, 0, 0, 0, 1), _server.Counters);
    }

    [Fact]
    public async Task A_ping_left_unanswered_past_the_patience_sends_the_peer_back_to_tcp_for_good()
    {
        HeartbeatChannel channel = _server.Offer(3, IPAddress.Loopback);
        Socket agent = AgentSocket(IPAddress.Loopback);
        Send(agent, new HeartbeatDatagram(HeartbeatKind.Hello, channel.Slot, channel.Token, 0, 0));
        await DrainUntil(() => _server.Counters.Hellos == 1, new Sink());

        Assert.True(_server.TrySendPing(3, new Ping(1, 1000)));
        // A second ping soon after (a registration answered twice) is no verdict on the first.
        Assert.True(_server.TrySendPing(3, new Ping(2, 1000 + Patience - 1)));
        Assert.Equal(0, _server.Counters.Fallbacks);
        Assert.False(_server.TrySendPing(3, new Ping(3, 1000 + Patience)), "the first ping got no pong for the patience");
        Assert.Equal(1, _server.Counters.Fallbacks);
        Assert.Equal(0, _server.Counters.ActiveAgents);
        Assert.Contains(_log, l => l.Contains("over TCP from now on", StringComparison.Ordinal));

        // A later hello does not bring the channel back on this connection.
        Send(agent, new HeartbeatDatagram(HeartbeatKind.Hello, channel.Slot, channel.Token, 0, 0));
        Send(agent, new HeartbeatDatagram(HeartbeatKind.Pong, channel.Slot, channel.Token, 9, 9));
        var sink = new Sink();
        await DrainUntil(() => _server.Counters.Dropped == 1, sink);
        Assert.False(_server.TrySendPing(3, new Ping(4, 5000)));
        Assert.Empty(sink.Pongs);
    }

    [Fact]
    public async Task Forged_stale_foreign_and_malformed_datagrams_are_dropped_counted_and_logged()
    {
        HeartbeatChannel channel = _server.Offer(1, IPAddress.Loopback);
        HeartbeatChannel other = _server.Offer(2, IPAddress.Parse("127.0.0.2"));
        Socket agent = AgentSocket(IPAddress.Loopback);
        var sink = new Sink();

        Send(agent, new HeartbeatDatagram(HeartbeatKind.Hello, channel.Slot, channel.Token + 1, 0, 0));   // forged token
        Send(agent, new HeartbeatDatagram(HeartbeatKind.Hello, 999, channel.Token, 0, 0));                // no such slot
        Send(agent, new HeartbeatDatagram(HeartbeatKind.Hello, other.Slot, other.Token, 0, 0));           // not from 127.0.0.2
        Send(agent, new HeartbeatDatagram(HeartbeatKind.Pong, channel.Slot, channel.Token, 1, 1));        // pong before hello
        Send(agent, new HeartbeatDatagram(HeartbeatKind.Ping, channel.Slot, channel.Token, 1, 1));        // a ping to the master
        agent.Send(new byte[5]);                                                                           // not a datagram of ours
        await DrainUntil(() => _server.Counters.Dropped == 6, sink);

        Assert.Equal(0, _server.Counters.Hellos);
        Assert.Empty(sink.Pongs);
        Assert.False(_server.TrySendPing(1, new Ping(1, 1)));
        Assert.False(_server.TrySendPing(2, new Ping(1, 1)));
        // Logged at the 1st, 2nd and 4th drop: bounded whatever a flood brings.
        lock (_log)
            Assert.Equal(3, _log.Count(l => l.StartsWith("dropped heartbeat datagram", StringComparison.Ordinal)));

        // A withdrawn peer's slot goes to the next peer with a new token: the old one's datagrams are stale.
        _server.Withdraw(1);
        HeartbeatChannel next = _server.Offer(5, IPAddress.Loopback);
        Assert.Equal(channel.Slot, next.Slot);
        Assert.NotEqual(channel.Token, next.Token);
        Send(agent, new HeartbeatDatagram(HeartbeatKind.Hello, channel.Slot, channel.Token, 0, 0));
        await DrainUntil(() => _server.Counters.Dropped == 7, sink);
        Assert.False(_server.TrySendPing(5, new Ping(1, 1)));
    }

    [Fact]
    public async Task Room_made_for_returning_agents_keeps_the_live_channels_and_grows_nothing_as_they_come()
    {
        HeartbeatChannel channel = _server.Offer(peer: 1, IPAddress.Loopback);
        Socket agent = AgentSocket(IPAddress.Loopback);
        Send(agent, new HeartbeatDatagram(HeartbeatKind.Hello, channel.Slot, channel.Token, 0, 0));
        await DrainUntil(() => _server.Counters.Hellos == 1, new Sink());

        _server.EnsureCapacity(500);
        int capacity = _server.SlotCapacity;
        Assert.InRange(capacity, 500, 1000);

        // The channel that was up before the columns moved still carries its pings.
        Assert.True(_server.TrySendPing(1, new Ping(1, 100)));
        _server.Flush();
        Assert.Equal(HeartbeatKind.Ping, Receive(agent).Kind);
        for (int peer = 2; peer <= 500; peer++)
            _server.Offer(peer, IPAddress.Loopback);
        Assert.Equal(capacity, _server.SlotCapacity);
    }

    [Fact]
    public void The_same_peer_is_offered_the_same_channel_until_it_is_withdrawn()
    {
        HeartbeatChannel first = _server.Offer(4, IPAddress.Loopback);
        Assert.Equal(first, _server.Offer(4, IPAddress.Loopback));
        Assert.NotEqual(0ul, first.Token);
        _server.Withdraw(4);
        _server.Withdraw(4);
        Assert.NotEqual(first, _server.Offer(4, IPAddress.Loopback));
    }

    [Fact]
    public void Tokens_stay_distinct_and_non_zero_across_refills_of_the_random_block()
    {
        // 2,000 channels take the block of 512 tokens through three refills.
        var tokens = new HashSet<ulong>();
        for (int peer = 0; peer < 2_000; peer++)
        {
            ulong token = _server.Offer(peer, IPAddress.Loopback).Token;
            Assert.NotEqual(0ul, token);
            Assert.True(tokens.Add(token), $"peer {peer} was offered a token already given");
        }
    }

    private Socket AgentSocket(IPAddress local)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _sockets.Add(socket);
        socket.Bind(new IPEndPoint(local, 0));
        socket.Connect(_server.LocalEndPoint);
        socket.ReceiveTimeout = 10_000;
        return socket;
    }

    private static void Send(Socket socket, HeartbeatDatagram datagram)
    {
        byte[] bytes = new byte[HeartbeatDatagram.Size];
        datagram.Write(bytes);
        socket.Send(bytes);
    }

    [Fact]
    public void A_drain_reads_at_most_its_bound_and_leaves_the_rest_for_the_next()
    {
        // 4 datagrams per recvmmsg and 2 per drain: a drain reads at most 8 of a flood of 20.
        using HeartbeatServer server = HeartbeatServer.TryStart(IPAddress.Loopback, 0, Patience, log: null, batchCapacity: 4, maxBatchesPerDrain: 2)
            ?? throw new InvalidOperationException("batched datagrams are not supported here");
        using var flood = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        for (int i = 0; i < 20; i++)
            flood.SendTo(new byte[] { 1, 2, 3 }, server.LocalEndPoint);

        // Loopback queues a datagram in the receiving socket before sendto returns.
        var sink = new Sink();
        Assert.Equal([8, 8, 4, 0], new[] { server.Drain(ref sink), server.Drain(ref sink), server.Drain(ref sink), server.Drain(ref sink) });
        Assert.Equal(20, server.Counters.Dropped);
    }

    private static HeartbeatDatagram Receive(Socket socket)
    {
        byte[] bytes = new byte[64];
        int n = socket.Receive(bytes);
        Assert.Null(HeartbeatDatagram.TryRead(bytes.AsSpan(0, n), out HeartbeatDatagram d));
        return d;
    }

    private Task DrainUntil(Func<bool> condition, Sink sink) => Eventually.Until(() =>
    {
        _server.Drain(ref sink);
        return condition();
    }, "the datagrams to be drained");

    private struct Sink() : IPongSink
    {
        public List<(int Peer, Pong Pong)> Pongs { get; } = [];

        public void OnPong(int peer, in Pong pong) => Pongs.Add((peer, pong));
    }
}

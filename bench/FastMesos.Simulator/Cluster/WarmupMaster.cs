using System.Diagnostics;
using System.Globalization;
using System.Net;
using FastMesos.Messages;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Heartbeats;
using FastMesos.Transport.Messaging;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// The stand-in master of <see cref="AgentWarmup"/>'s dial rounds, listening on loopback inside the
/// agents process: it admits every agent that registers (under a fresh id) or re-registers (under
/// its own), and ignores everything else. Given a <see cref="HeartbeatServer"/> it offers each
/// agent a datagram heartbeat channel, as the real master does, and <see cref="PingAsync"/> pings
/// every agent that said hello and waits for the pongs; each registration is also pinged over its
/// connection. The fleet's datagram socket, its thread, hellos, pings and pongs are then compiled
/// before the storm instead of inside it (53–69 methods and 66–133 ms of JIT per agent process in a
/// 10k register storm before, 17–21 methods and 11–30 ms after).
/// </summary>
internal sealed class WarmupMaster(HeartbeatServer? heartbeats = null) : MessageHandler
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(2);

    // The heartbeat server is not safe for concurrent use (the real master calls it under its lock).
    private readonly Lock _gate = new();
    private readonly HashSet<int> _offered = [];   // peers offered a channel, not yet pinged
    private long _admitted;
    private int _nextPeer;

    /// <summary>Registrations and re-registrations answered so far.</summary>
    public long Admitted => Interlocked.Read(ref _admitted);

    protected override IMessageVisitor VisitorFor(FrameConnection connection) =>
        new Peer(this, connection, Interlocked.Increment(ref _nextPeer));

    /// <summary>
    /// Pings each agent offered a channel since the last call as soon as its hello arrived (for up
    /// to 2 s), waits up to 2 s for the pongs and frees their slots; how many pongs came. 0 without
    /// a heartbeat server.
    /// </summary>
    public async Task<long> PingAsync()
    {
        if (heartbeats is null)
            return 0;
        int[] peers;
        long pongsBefore;
        lock (_gate)
        {
            peers = [.. _offered];
            _offered.Clear();
            pongsBefore = heartbeats.Counters.PongsReceived;
        }

        // A slot takes pings once its hello is drained; until then TrySendPing refuses it.
        var waiting = new List<int>(peers);
        var sink = new NoSink();
        var clock = Stopwatch.StartNew();
        while (waiting.Count > 0 && clock.Elapsed < WaitLimit)
        {
            lock (_gate)
            {
                heartbeats.Drain(ref sink);
                long now = Stopwatch.GetTimestamp();
                for (int i = waiting.Count - 1; i >= 0; i--)
                {
                    if (heartbeats.TrySendPing(waiting[i], new Ping((ulong)waiting[i], now)))
                        waiting.RemoveAt(i);
                }

                heartbeats.Flush();
            }

            if (waiting.Count > 0)
                await Task.Delay(5).ConfigureAwait(false);
        }

        int pinged = peers.Length - waiting.Count;
        clock.Restart();
        long pongs;
        while ((pongs = Drained(ref sink).PongsReceived - pongsBefore) < pinged && clock.Elapsed < WaitLimit)
            await Task.Delay(5).ConfigureAwait(false);
        lock (_gate)
        {
            foreach (int peer in peers)
                heartbeats.Withdraw(peer);
        }

        return pongs;
    }

    private HeartbeatCounters Drained(ref NoSink sink)
    {
        lock (_gate)
        {
            heartbeats!.Drain(ref sink);
            return heartbeats.Counters;
        }
    }

    private HeartbeatChannel? Offer(int peer)
    {
        if (heartbeats is null)
            return null;
        lock (_gate)
        {
            // A registration answered twice offers the same channel twice: one ping.
            _offered.Add(peer);
            return heartbeats.Offer(peer, IPAddress.Loopback);
        }
    }

    private readonly struct NoSink : IPongSink
    {
        public void OnPong(int peer, in Pong pong)
        {
        }
    }

    private sealed class Peer(WarmupMaster master, FrameConnection connection, int peer) : IMessageVisitor
    {
        public void Unexpected(MessageType type)
        {
        }

        public void Visit(in RegisterAgent message)
        {
            long n = Interlocked.Increment(ref master._admitted);
            connection.TrySendMessage(new AgentRegistered { AgentId = new AgentId("warmup-agent-" + n.ToString(CultureInfo.InvariantCulture)), Heartbeats = master.Offer(peer) });
            // A ping over the connection too: the real master's first pings may come that way, and
            // the agent's pong is then written to its connection.
            connection.TrySendMessage(new Ping((ulong)n, Stopwatch.GetTimestamp()));
        }

        public void Visit(in ReregisterAgent message)
        {
            Interlocked.Increment(ref master._admitted);
            if (message.Agent.Id is { } id)
                connection.TrySendMessage(new AgentReregistered { AgentId = id, Heartbeats = master.Offer(peer) });
        }
    }
}

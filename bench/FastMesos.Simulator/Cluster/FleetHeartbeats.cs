using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FastMesos.Messages;
using FastMesos.Transport.Heartbeats;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// The datagram heartbeat channel for every simulated agent of a process: one UDP socket, one
/// thread that waits for pings, takes all that arrived in one <c>recvmmsg</c> and answers them in one
/// <c>sendmmsg</c>. Each agent has its own slot and token from the master (see
/// <see cref="HeartbeatChannel"/>); sharing the socket is the simulator's economy, the master sees the
/// same datagrams it would from 10,000 hosts. Hellos go out the same way: queued, and sent
/// <see cref="HelloBatch"/> at a time by the agent that fills the batch, or by the thread after its
/// next wait (at most <see cref="Wait"/>). One <c>sendmsg</c> per hello (<c>Socket.SendTo</c>) was 10% of an agent process's
/// CPU in a 10k failover (perf-reports/2026-12-06-dial-costs/); the master reads them in batches anyway.
/// </summary>
internal sealed class FleetHeartbeats : IDisposable
{
    private const int HelloBatch = 64;
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(50);

    private readonly DatagramBatch _batch;
    private readonly ConcurrentDictionary<uint, SimAgent> _agents = new();
    private readonly Thread _thread;
    private readonly byte[] _out = new byte[HeartbeatDatagram.Size];
    // Guards _batch's send side: the thread queues pongs, agents queue hellos.
    private readonly Lock _send = new();
    private volatile bool _stopped;

    public FleetHeartbeats(AddressFamily family)
    {
        _batch = new DatagramBatch(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0),
            receiveTimestamps: true);
        _thread = new Thread(Run) { IsBackground = true, Name = "sim heartbeats" };
        _thread.Start();
    }

    /// <summary><paramref name="agent"/> took <paramref name="channel"/> from the master at <paramref name="master"/>: it says hello.</summary>
    public void Join(SimAgent agent, HeartbeatChannel channel, IPAddress master)
    {
        _agents[channel.Slot] = agent;
        SendHello(channel, master);
    }

    /// <summary>Queues a hello to the master's datagram port; it leaves with a full batch or after the thread's next wait.</summary>
    public void SendHello(HeartbeatChannel channel, IPAddress master)
    {
        Span<byte> hello = stackalloc byte[HeartbeatDatagram.Size];
        new HeartbeatDatagram(HeartbeatKind.Hello, channel.Slot, channel.Token, 0, 0).Write(hello);
        Span<byte> address = stackalloc byte[SockAddr.MaxLength];
        int length = SockAddr.Write(new IPEndPoint(master, channel.Port), address);
        lock (_send)
        {
            if (_stopped)
                return;
            // Best effort, as every datagram: the agent says hello again on its next TCP ping.
            _batch.Queue(address[..length], hello);
            if (_batch.Queued >= HelloBatch)
                _batch.Flush();
        }
    }

    private void Run()
    {
        while (!_stopped)
        {
            try
            {
                bool readable = _batch.Socket.Poll(Wait, SelectMode.SelectRead);
                lock (_send)
                {
                    if (_batch.Queued > 0)
                        _batch.Flush();   // the hellos of a batch no agent filled
                }

                if (!readable)
                    continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            int n = _batch.Receive();
            // The kernel stamps arrivals on CLOCK_REALTIME, pings carry CLOCK_MONOTONIC (Stopwatch):
            // both clocks read once per batch place each arrival on the pings' clock.
            long nowTicks = Stopwatch.GetTimestamp();
            long nowUnixNs = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
            for (int i = 0; i < n; i++)
            {
                long arrivedAt = _batch.TryGetArrival(i, out long arrivalUnixNs)
                    ? nowTicks - (long)((nowUnixNs - arrivalUnixNs) * (Stopwatch.Frequency / 1e9))
                    : 0;
                if (HeartbeatDatagram.TryRead(_batch.Received(i), out HeartbeatDatagram d) is not null
                    || d.Kind != HeartbeatKind.Ping
                    || !_agents.TryGetValue(d.Slot, out SimAgent? agent)
                    || !agent.OnDatagramPing(d, arrivedAt))
                    continue;   // Not a ping for an agent of this process (a stale channel's, say).

                new HeartbeatDatagram(HeartbeatKind.Pong, d.Slot, d.Token, d.Sequence, d.Timestamp).Write(_out);
                lock (_send)
                    _batch.Queue(_batch.Source(i), _out);
            }

            lock (_send)
                _batch.Flush();
        }
    }

    public void Dispose()
    {
        _stopped = true;
        _thread.Join();
        lock (_send)
            _batch.Dispose();
    }
}

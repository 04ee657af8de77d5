using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FastMesos.Messages;
using FastMesos.Transport.Heartbeats;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// The datagram heartbeat channel for every simulated agent of a process: one UDP socket, one
/// thread that looks at it every <see cref="Tick"/>, takes all the pings that arrived in
/// <c>recvmmsg</c> batches and answers them in one <c>sendmmsg</c>. Each agent has its own slot and
/// token from the master (see <see cref="HeartbeatChannel"/>); sharing the socket is the simulator's
/// economy, the master sees the same datagrams it would from 10,000 hosts. Hellos go out the same
/// way: queued, and sent <see cref="HelloBatch"/> at a time by the agent that fills the batch, or by
/// the thread on its next tick. One <c>sendmsg</c> per hello (<c>Socket.SendTo</c>) was 10% of an agent
/// process's CPU in a 10k failover (perf-reports/2026-12-06-dial-costs/); the master reads them in
/// batches anyway.
/// <para>
/// Why a tick and not a wait on the socket: on loopback the sender's <c>sendmmsg</c> runs the
/// receiver's UDP input, so a thread asleep on this socket was woken from inside the master's send,
/// at the master's cost (<c>sock_def_readable</c>, the IPI, the master preempted mid-burst by the
/// woken thread, which then slept again before the burst's next datagram woke it anew: 14% of the
/// master's CPU in a 10k heartbeats run, perf-reports/2026-12-06-heartbeat-wakeups/). A master on a network does
/// not wake its agents' threads. The master reads its own socket the same way, on its tick. The
/// latency a ping reports is unchanged by the wait to be read: it ends at the kernel's arrival stamp
/// (<c>SO_TIMESTAMPNS</c>), not when this thread reads it.
/// </para>
/// </summary>
internal sealed class FleetHeartbeats : IDisposable
{
    private const int HelloBatch = 64;

    /// <summary>
    /// How often the thread reads the socket: the master's heartbeat tick. 5,000 agents pinged once a
    /// second leave ~50 pings a tick in a socket buffer that holds thousands.
    /// </summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

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

    /// <summary>Queues a hello to the master's datagram port; it leaves with a full batch or on the thread's next tick.</summary>
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
        long tick = (long)(Tick.TotalSeconds * Stopwatch.Frequency);
        long next = Stopwatch.GetTimestamp();
        while (!_stopped)
        {
            // On a fixed schedule, so a slow turn does not push every later one back.
            next += tick;
            long wait = next - Stopwatch.GetTimestamp();
            if (wait > 0)
                Thread.Sleep(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
            else if (wait < -tick)
                next = Stopwatch.GetTimestamp();   // far behind (a pause): start the schedule afresh

            try
            {
                lock (_send)
                {
                    if (_batch.Queued > 0)
                        _batch.Flush();   // the hellos of a batch no agent filled
                }

                while (Answer() == _batch.Capacity)
                {
                    // A full batch: more may wait.
                }
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    /// <summary>Reads one batch of waiting datagrams and answers its pings; returns how many it read.</summary>
    private int Answer()
    {
        int n = _batch.Receive();
        if (n == 0)
            return 0;
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
        return n;
    }

    public void Dispose()
    {
        _stopped = true;
        _thread.Join();
        lock (_send)
            _batch.Dispose();
    }
}

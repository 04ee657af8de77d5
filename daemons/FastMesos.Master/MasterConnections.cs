using System.Net;
using System.Runtime.CompilerServices;
using FastMesos.Engine.Master;
using FastMesos.Messages;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Heartbeats;
using FastMesos.Transport.Messaging;

namespace FastMesos.Master;

/// <summary>
/// The core's outbox: peer numbers to connections. Used only under the master's lock. A peer that
/// cannot take a message (its send queue is past the pause threshold: it stopped reading) is closed
/// rather than silently losing what the core sent it; agents and schedulers recover by
/// re-registering or re-subscribing.
/// With a <see cref="Heartbeats"/> channel, an agent connection's AgentRegistered and AgentReregistered
/// carry the channel's offer, and pings to an agent whose channel is up leave as datagrams; the core
/// knows nothing of it (it sees the same pings and pongs either way).
/// </summary>
internal sealed class MasterConnections(Action<string> log) : IMasterOutbox
{
    private readonly Dictionary<int, FrameConnection> _peers = [];
    private int _nextPeer;

    public int Add(FrameConnection connection)
    {
        int peer = ++_nextPeer;
        _peers[peer] = connection;
        return peer;
    }

    /// <summary>Room for <paramref name="agents"/> peers here and in the heartbeat channel (a recovered master's agents, about to come back).</summary>
    public void EnsureCapacity(int agents)
    {
        _peers.EnsureCapacity(agents);
        Heartbeats?.EnsureCapacity(agents);
    }

    /// <summary>The datagram heartbeat channel (null: pings go over TCP only). Set once, before the first agent.</summary>
    public HeartbeatServer? Heartbeats { get; set; }

    public void Remove(int peer)
    {
        _peers.Remove(peer);
        Heartbeats?.Withdraw(peer);
    }

    public void Send<T>(int peer, in T message)
    {
        // typeof(T) tests on a struct T are constants to the JIT: other messages pay nothing for these.
        if (typeof(T) == typeof(Ping) && Heartbeats is not null
            && Heartbeats.TrySendPing(peer, in Unsafe.As<T, Ping>(ref Unsafe.AsRef(in message))))
            return;
        if (!_peers.TryGetValue(peer, out FrameConnection? connection))
            return;
        if (!typeof(T).IsValueType && Heartbeats is not null && connection.RemoteEndPoint is IPEndPoint remote)
        {
            if (message is AgentRegistered registered)
            {
                Send(connection, registered with { Heartbeats = Heartbeats.Offer(peer, remote.Address) });
                return;
            }

            if (message is AgentReregistered reregistered)
            {
                Send(connection, reregistered with { Heartbeats = Heartbeats.Offer(peer, remote.Address) });
                return;
            }
        }

        Send(connection, in message);
    }

    private void Send<T>(FrameConnection connection, in T message)
    {
        if (!connection.TrySendMessage(in message) && connection.CloseInfo is null)
        {
            log($"closing {connection}: its send queue is full (the peer is not reading)");
            connection.Close(CloseReason.SendQueueFull, "the peer stopped reading: send queue full");
        }
    }

    public void Close(int peer, string reason)
    {
        if (_peers.TryGetValue(peer, out FrameConnection? connection))
        {
            log($"closing {connection}: {reason}");
            connection.Close(CloseReason.LocalClose, reason);
        }
    }
}

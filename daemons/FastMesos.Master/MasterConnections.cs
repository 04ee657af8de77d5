using FastMesos.Engine.Master;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;

namespace FastMesos.Master;

/// <summary>
/// The core's outbox: peer numbers to connections. Used only under the master's lock. A peer that
/// cannot take a message (its send queue is past the pause threshold: it stopped reading) is closed
/// rather than silently losing what the core sent it; agents and schedulers recover by
/// re-registering or re-subscribing.
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

    public void Remove(int peer) => _peers.Remove(peer);

    public void Send<T>(int peer, in T message)
    {
        if (!_peers.TryGetValue(peer, out FrameConnection? connection))
            return;
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

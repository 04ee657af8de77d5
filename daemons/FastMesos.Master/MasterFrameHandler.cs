using System.Net;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;

namespace FastMesos.Master;

/// <summary>Gives each accepted connection a peer number and a <see cref="MasterPeer"/> visitor, and reports closes to the server.</summary>
internal sealed class MasterFrameHandler(MasterServer server) : MessageHandler(Strings)
{
    /// <summary>
    /// The master's decode pool: the shared pool's size, and tasks' commands kept in their encoding
    /// (<see cref="StringPool.ForwardsCommands"/>). The master never reads a command; it passes it
    /// to the agent in <c>RunTask</c>, so decoding a Marathon task's environment (a dozen mostly
    /// unique strings) only to encode it again was a tenth of the master's CPU in a deploy.
    /// </summary>
    private static readonly StringPool Strings = new(4096) { ForwardsCommands = true };

    protected override IMessageVisitor VisitorFor(FrameConnection connection) => (MasterPeer)connection.Tag!;

    public override void OnConnected(FrameConnection connection)
    {
        // A standby serves nobody: the peer's reconnect loop retries (with its backoff) until this
        // master is elected or the peer finds the leader. No Tag, so the close reaches no core.
        if (!server.Leadership.IsElected)
        {
            string reason = server.Leadership.StandbyReason();
            server.Log($"Refusing {connection}: {reason}");
            connection.Close(CloseReason.LocalClose, reason);
            return;
        }

        int peer = server.Connect(connection);
        string address = connection.RemoteEndPoint is IPEndPoint ip ? ip.Address.ToString() : "127.0.0.1";
        connection.Tag = new MasterPeer(server, connection, peer, address);
    }

    public override void OnClosed(FrameConnection connection, CloseInfo info)
    {
        if (connection.Tag is not MasterPeer peer)
            return;
        if (info.Reason is not (CloseReason.RemoteClosed or CloseReason.LocalClose))
            server.Log($"{connection} closed: {info}");
        server.Disconnected(peer.Peer, connection.RemoteRole);
    }
}

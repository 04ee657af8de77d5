using System.Net;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;

namespace FastMesos.Master;

/// <summary>Gives each accepted connection a peer number and a <see cref="MasterPeer"/> visitor, and reports closes to the server.</summary>
internal sealed class MasterFrameHandler(MasterServer server) : MessageHandler(Strings)
{
    /// <summary>
    /// The master's decode pool, with tasks' commands kept in their encoding
    /// (<see cref="StringPool.ForwardsCommands"/>). The master never reads a command; it passes it
    /// to the agent in <c>RunTask</c>, so decoding a Marathon task's environment (a dozen mostly
    /// unique strings) only to encode it again was a tenth of the master's CPU in a deploy.
    /// <para>65,536 slots (16 times the shared pool's): a task's id is decoded three times, in the
    /// launch, in the agent's status update and in the framework's acknowledgement, and the last two
    /// find the launch's string only while it is still pooled; and the pool's resource-bag cache
    /// grows with it to 4,096 bags (a Marathon task's bag names its host port, so a deploy's bags are
    /// many). With 4,096 slots the master allocated 448–455 MB in the phase of a 1,000 × 300 deploy,
    /// with these 362–369 MB (perf-reports/2026-12-07-store-batches/). The cost: 768 KB of slots,
    /// at most 65,536 strings kept alive that the task table no longer holds (~12 MB of Marathon task
    /// ids) and at most 4 MiB of encoded bags per cache.</para>
    /// </summary>
    private static readonly StringPool Strings = new(65536) { ForwardsCommands = true };

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

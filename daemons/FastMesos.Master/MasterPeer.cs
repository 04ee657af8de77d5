using FastMesos.Messages;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;

namespace FastMesos.Master;

/// <summary>
/// One connection's decoded messages, handed to the core under the server's lock. Agents may send
/// only agent messages and schedulers only scheduler calls: anything else closes the connection
/// (<see cref="CloseReason.UnexpectedMessage"/>) through the visitor's default.
/// </summary>
internal sealed class MasterPeer(MasterServer server, FrameConnection connection, int peer, string address) : IMessageVisitor
{
    public int Peer => peer;

    private bool IsAgent => connection.RemoteRole == PeerRole.Agent;

    private bool IsScheduler => connection.RemoteRole == PeerRole.Scheduler;

    public void Unexpected(MessageType type) =>
        connection.Close(CloseReason.UnexpectedMessage, $"{type} is not accepted from a {connection.RemoteRole} connection");

    public void Visit(in RegisterAgent message)
    {
        if (!IsAgent) { Unexpected(MessageType.RegisterAgent); return; }
        server.Run((peer, message, address), static (core, s) => core.OnRegisterAgent(s.peer, s.message, s.address));
    }

    public void Visit(in ReregisterAgent message)
    {
        if (!IsAgent) { Unexpected(MessageType.ReregisterAgent); return; }
        server.Run((peer, message, address), static (core, s) => core.OnReregisterAgent(s.peer, s.message, s.address));
    }

    public void Visit(in Pong message)
    {
        if (!IsAgent) { Unexpected(MessageType.Pong); return; }
        server.Run((peer, message), static (core, s) => core.OnPong(s.peer, s.message));
    }

    public void Visit(in StatusUpdate message)
    {
        if (!IsAgent) { Unexpected(MessageType.StatusUpdate); return; }
        server.Run((peer, message), static (core, s) => core.OnStatusUpdate(s.peer, s.message));
    }

    public void Visit(in SubscribeCall message)
    {
        if (!IsScheduler) { Unexpected(MessageType.SubscribeCall); return; }
        server.Run((peer, message), static (core, s) => core.OnSubscribe(s.peer, s.message));
    }

    public void Visit(in TeardownCall message)
    {
        if (!IsScheduler) { Unexpected(MessageType.TeardownCall); return; }
        server.Run((peer, message), static (core, s) => core.OnTeardown(s.peer, s.message));
    }

    public void Visit(in AcceptCall message)
    {
        if (!IsScheduler) { Unexpected(MessageType.AcceptCall); return; }
        server.Run((peer, message), static (core, s) => core.OnAccept(s.peer, s.message));
    }

    public void Visit(in DeclineCall message)
    {
        if (!IsScheduler) { Unexpected(MessageType.DeclineCall); return; }
        server.Run((peer, message), static (core, s) => core.OnDecline(s.peer, s.message));
    }

    public void Visit(in ReviveCall message)
    {
        if (!IsScheduler) { Unexpected(MessageType.ReviveCall); return; }
        server.Run((peer, message), static (core, s) => core.OnRevive(s.peer, s.message));
    }

    public void Visit(in SuppressCall message)
    {
        if (!IsScheduler) { Unexpected(MessageType.SuppressCall); return; }
        server.Run((peer, message), static (core, s) => core.OnSuppress(s.peer, s.message));
    }

    public void Visit(in KillCall message)
    {
        if (!IsScheduler) { Unexpected(MessageType.KillCall); return; }
        server.Run((peer, message), static (core, s) => core.OnKill(s.peer, s.message));
    }

    public void Visit(in ShutdownCall message)
    {
        if (!IsScheduler) { Unexpected(MessageType.ShutdownCall); return; }
        server.Run((peer, message), static (core, s) => core.OnShutdownExecutor(s.peer, s.message));
    }

    public void Visit(in AcknowledgeCall message)
    {
        if (!IsScheduler) { Unexpected(MessageType.AcknowledgeCall); return; }
        server.Run((peer, message), static (core, s) => core.OnAcknowledge(s.peer, s.message));
    }

    public void Visit(in ReconcileCall message)
    {
        if (!IsScheduler) { Unexpected(MessageType.ReconcileCall); return; }
        server.Run((peer, message), static (core, s) => core.OnReconcile(s.peer, s.message));
    }

    public void Visit(in UpdateFrameworkCall message)
    {
        if (!IsScheduler) { Unexpected(MessageType.UpdateFrameworkCall); return; }
        server.Run((peer, message), static (core, s) => core.OnUpdateFramework(s.peer, s.message));
    }

    public void Visit(in MessageCall message)
    {
        // Framework → executor messages need an executor that listens; command executors do not.
        // Mesos delivers them best effort, so dropping is within its contract; the count shows it.
        if (!IsScheduler) { Unexpected(MessageType.MessageCall); return; }
        server.Run(0, static (core, _) => core.Counters.DroppedMessages++);
    }
}

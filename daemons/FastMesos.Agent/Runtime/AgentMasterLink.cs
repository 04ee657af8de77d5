using FastMesos.Messages;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;

namespace FastMesos.Agent.Runtime;

/// <summary>The agent's side of its master connection: each connection gets a visitor that hands messages to the runtime.</summary>
internal sealed class AgentMasterLink(AgentRuntime runtime) : MessageHandler
{
    protected override IMessageVisitor VisitorFor(FrameConnection connection) => (Visitor)connection.Tag!;

    public override void OnGreeting(FrameConnection connection) => runtime.OnGreeting(connection);

    public override void OnConnected(FrameConnection connection)
    {
        connection.Tag = new Visitor(runtime, connection);
        runtime.OnConnected(connection);
    }

    public override void OnClosed(FrameConnection connection, CloseInfo info) => runtime.OnDisconnected(connection, info);

    /// <summary>
    /// Only master → agent messages are accepted; anything else closes the connection (the dialer
    /// then reconnects and the agent re-registers).
    /// </summary>
    private sealed class Visitor(AgentRuntime runtime, FrameConnection connection) : IMessageVisitor
    {
        public void Unexpected(MessageType type) =>
            connection.Close(CloseReason.UnexpectedMessage, $"{type} is not accepted by an agent");

        public void Visit(in AgentRegistered message) => runtime.OnRegistered(connection, message.AgentId, message.TotalPingTimeoutSeconds, message.Heartbeats, reregistered: false);

        public void Visit(in AgentReregistered message) => runtime.OnRegistered(connection, message.AgentId, message.TotalPingTimeoutSeconds, message.Heartbeats, reregistered: true);

        public void Visit(in Ping message) => runtime.OnPing(connection, message);

        public void Visit(in RunTask message) => runtime.OnRunTask(connection, message);

        public void Visit(in RunTaskGroup message) => runtime.OnRunTaskGroup(connection, message);

        public void Visit(in KillTask message) => runtime.OnKillTask(connection, message);

        public void Visit(in ShutdownFramework message) => runtime.OnShutdownFramework(connection, message.FrameworkId);

        public void Visit(in ShutdownAgent message) => runtime.OnShutdownAgent(connection, message.Message);

        public void Visit(in StatusUpdateAcknowledgement message) => runtime.OnAcknowledgement(connection, message);

        public void Visit(in ApplyOperation message) => runtime.OnApplyOperation(connection, message);
    }
}

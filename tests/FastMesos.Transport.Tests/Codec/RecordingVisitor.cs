using FastMesos.Messages;
using FastMesos.Transport.Codec;

namespace FastMesos.Transport.Tests.Codec;

/// <summary>Records the last message dispatched to it, boxed, so tests can check which overload decoding chose.</summary>
internal sealed class RecordingVisitor : IMessageVisitor
{
    public MessageType Type { get; private set; }
    public object? Message { get; private set; }
    public int Unexpected { get; private set; }

    void IMessageVisitor.Unexpected(MessageType type) => Unexpected++;

    public void Visit(in RegisterAgent message) => (Type, Message) = (MessageType.RegisterAgent, message);
    public void Visit(in ReregisterAgent message) => (Type, Message) = (MessageType.ReregisterAgent, message);
    public void Visit(in AgentRegistered message) => (Type, Message) = (MessageType.AgentRegistered, message);
    public void Visit(in AgentReregistered message) => (Type, Message) = (MessageType.AgentReregistered, message);
    public void Visit(in ShutdownAgent message) => (Type, Message) = (MessageType.ShutdownAgent, message);
    public void Visit(in Ping message) => (Type, Message) = (MessageType.Ping, message);
    public void Visit(in Pong message) => (Type, Message) = (MessageType.Pong, message);
    public void Visit(in RunTask message) => (Type, Message) = (MessageType.RunTask, message);
    public void Visit(in RunTaskGroup message) => (Type, Message) = (MessageType.RunTaskGroup, message);
    public void Visit(in KillTask message) => (Type, Message) = (MessageType.KillTask, message);
    public void Visit(in ShutdownFramework message) => (Type, Message) = (MessageType.ShutdownFramework, message);
    public void Visit(in ApplyOperation message) => (Type, Message) = (MessageType.ApplyOperation, message);
    public void Visit(in StatusUpdate message) => (Type, Message) = (MessageType.StatusUpdate, message);
    public void Visit(in StatusUpdateAcknowledgement message) => (Type, Message) = (MessageType.StatusUpdateAcknowledgement, message);
    public void Visit(in SubscribeCall message) => (Type, Message) = (MessageType.SubscribeCall, message);
    public void Visit(in TeardownCall message) => (Type, Message) = (MessageType.TeardownCall, message);
    public void Visit(in AcceptCall message) => (Type, Message) = (MessageType.AcceptCall, message);
    public void Visit(in DeclineCall message) => (Type, Message) = (MessageType.DeclineCall, message);
    public void Visit(in ReviveCall message) => (Type, Message) = (MessageType.ReviveCall, message);
    public void Visit(in KillCall message) => (Type, Message) = (MessageType.KillCall, message);
    public void Visit(in ShutdownCall message) => (Type, Message) = (MessageType.ShutdownCall, message);
    public void Visit(in AcknowledgeCall message) => (Type, Message) = (MessageType.AcknowledgeCall, message);
    public void Visit(in ReconcileCall message) => (Type, Message) = (MessageType.ReconcileCall, message);
    public void Visit(in MessageCall message) => (Type, Message) = (MessageType.MessageCall, message);
    public void Visit(in SuppressCall message) => (Type, Message) = (MessageType.SuppressCall, message);
    public void Visit(in UpdateFrameworkCall message) => (Type, Message) = (MessageType.UpdateFrameworkCall, message);
    public void Visit(in SubscribedEvent message) => (Type, Message) = (MessageType.SubscribedEvent, message);
    // Offers are lent for the visit only: keep a copy.
    public void Visit(in OffersEvent message) => (Type, Message) = (MessageType.OffersEvent, message.Copy());
    public void Visit(in RescindEvent message) => (Type, Message) = (MessageType.RescindEvent, message);
    public void Visit(in UpdateEvent message) => (Type, Message) = (MessageType.UpdateEvent, message);
    public void Visit(in MessageEvent message) => (Type, Message) = (MessageType.MessageEvent, message);
    public void Visit(in FailureEvent message) => (Type, Message) = (MessageType.FailureEvent, message);
    public void Visit(in ErrorEvent message) => (Type, Message) = (MessageType.ErrorEvent, message);
    public void Visit(in HeartbeatEvent message) => (Type, Message) = (MessageType.HeartbeatEvent, message);
}

using FastMesos.Messages;

namespace FastMesos.Transport.Codec;

/// <summary>
/// Receives decoded messages from <see cref="MessageCodec.Decode{TVisitor}(ushort, in System.Buffers.ReadOnlySequence{byte}, TVisitor, StringPool, System.Buffers.ArrayPool{Offer})"/>, one strongly typed method
/// per message so dispatch needs no boxing. Every method defaults to <see cref="Unexpected"/>, so a
/// peer implements only the messages its role receives (an agent never receives scheduler calls).
/// Messages arrive by <c>in</c> reference: treat them as borrowed for the call. An
/// <see cref="OffersEvent"/>'s offers live in a pooled array that is cleared and reused once the call
/// returns: copy the offers (they are structs) or the event (<see cref="OffersEvent.Copy"/>) to keep them.
/// </summary>
public interface IMessageVisitor
{
    /// <summary>A well-formed message this visitor does not handle; typically the connection closes.</summary>
    void Unexpected(MessageType type);

    // Master ↔ agent.
    void Visit(in RegisterAgent message) => Unexpected(MessageType.RegisterAgent);
    void Visit(in ReregisterAgent message) => Unexpected(MessageType.ReregisterAgent);
    void Visit(in AgentRegistered message) => Unexpected(MessageType.AgentRegistered);
    void Visit(in AgentReregistered message) => Unexpected(MessageType.AgentReregistered);
    void Visit(in ShutdownAgent message) => Unexpected(MessageType.ShutdownAgent);
    void Visit(in Ping message) => Unexpected(MessageType.Ping);
    void Visit(in Pong message) => Unexpected(MessageType.Pong);
    void Visit(in RunTask message) => Unexpected(MessageType.RunTask);
    void Visit(in RunTaskGroup message) => Unexpected(MessageType.RunTaskGroup);
    void Visit(in KillTask message) => Unexpected(MessageType.KillTask);
    void Visit(in ShutdownFramework message) => Unexpected(MessageType.ShutdownFramework);
    void Visit(in ApplyOperation message) => Unexpected(MessageType.ApplyOperation);
    void Visit(in StatusUpdate message) => Unexpected(MessageType.StatusUpdate);
    void Visit(in StatusUpdateAcknowledgement message) => Unexpected(MessageType.StatusUpdateAcknowledgement);

    // Scheduler calls.
    void Visit(in SubscribeCall message) => Unexpected(MessageType.SubscribeCall);
    void Visit(in TeardownCall message) => Unexpected(MessageType.TeardownCall);
    void Visit(in AcceptCall message) => Unexpected(MessageType.AcceptCall);
    void Visit(in DeclineCall message) => Unexpected(MessageType.DeclineCall);
    void Visit(in ReviveCall message) => Unexpected(MessageType.ReviveCall);
    void Visit(in KillCall message) => Unexpected(MessageType.KillCall);
    void Visit(in ShutdownCall message) => Unexpected(MessageType.ShutdownCall);
    void Visit(in AcknowledgeCall message) => Unexpected(MessageType.AcknowledgeCall);
    void Visit(in ReconcileCall message) => Unexpected(MessageType.ReconcileCall);
    void Visit(in MessageCall message) => Unexpected(MessageType.MessageCall);
    void Visit(in SuppressCall message) => Unexpected(MessageType.SuppressCall);
    void Visit(in UpdateFrameworkCall message) => Unexpected(MessageType.UpdateFrameworkCall);

    // Scheduler events.
    void Visit(in SubscribedEvent message) => Unexpected(MessageType.SubscribedEvent);
    void Visit(in OffersEvent message) => Unexpected(MessageType.OffersEvent);
    void Visit(in RescindEvent message) => Unexpected(MessageType.RescindEvent);
    void Visit(in UpdateEvent message) => Unexpected(MessageType.UpdateEvent);
    void Visit(in MessageEvent message) => Unexpected(MessageType.MessageEvent);
    void Visit(in FailureEvent message) => Unexpected(MessageType.FailureEvent);
    void Visit(in ErrorEvent message) => Unexpected(MessageType.ErrorEvent);
    void Visit(in HeartbeatEvent message) => Unexpected(MessageType.HeartbeatEvent);
}

using FastMesos.Messages;

namespace FastMesos.Transport.Codec;

/// <summary>
/// Which CLR type and formatter each <see cref="MessageType"/> has. Read once per message type by
/// <see cref="MessageCodec{T}"/>; the decode switch in <see cref="MessageCodec"/> mirrors it, and a test
/// checks that the two agree.
/// </summary>
internal static class MessageRegistry
{
    public static readonly (MessageType Type, Type ClrType, object Formatter)[] Entries =
    [
        (MessageType.RegisterAgent, typeof(RegisterAgent), RegisterAgentFormatter.Instance),
        (MessageType.ReregisterAgent, typeof(ReregisterAgent), ReregisterAgentFormatter.Instance),
        (MessageType.AgentRegistered, typeof(AgentRegistered), AgentRegisteredFormatter.Instance),
        (MessageType.AgentReregistered, typeof(AgentReregistered), AgentReregisteredFormatter.Instance),
        (MessageType.ShutdownAgent, typeof(ShutdownAgent), ShutdownAgentFormatter.Instance),
        (MessageType.Ping, typeof(Ping), PingFormatter.Instance),
        (MessageType.Pong, typeof(Pong), PongFormatter.Instance),
        (MessageType.RunTask, typeof(RunTask), RunTaskFormatter.Instance),
        (MessageType.RunTaskGroup, typeof(RunTaskGroup), RunTaskGroupFormatter.Instance),
        (MessageType.KillTask, typeof(KillTask), KillTaskFormatter.Instance),
        (MessageType.ShutdownFramework, typeof(ShutdownFramework), ShutdownFrameworkFormatter.Instance),
        (MessageType.ApplyOperation, typeof(ApplyOperation), ApplyOperationFormatter.Instance),
        (MessageType.StatusUpdate, typeof(StatusUpdate), StatusUpdateFormatter.Instance),
        (MessageType.StatusUpdateAcknowledgement, typeof(StatusUpdateAcknowledgement), StatusUpdateAcknowledgementFormatter.Instance),
        (MessageType.SubscribeCall, typeof(SubscribeCall), SubscribeCallFormatter.Instance),
        (MessageType.TeardownCall, typeof(TeardownCall), TeardownCallFormatter.Instance),
        (MessageType.AcceptCall, typeof(AcceptCall), AcceptCallFormatter.Instance),
        (MessageType.DeclineCall, typeof(DeclineCall), DeclineCallFormatter.Instance),
        (MessageType.ReviveCall, typeof(ReviveCall), ReviveCallFormatter.Instance),
        (MessageType.KillCall, typeof(KillCall), KillCallFormatter.Instance),
        (MessageType.ShutdownCall, typeof(ShutdownCall), ShutdownCallFormatter.Instance),
        (MessageType.AcknowledgeCall, typeof(AcknowledgeCall), AcknowledgeCallFormatter.Instance),
        (MessageType.ReconcileCall, typeof(ReconcileCall), ReconcileCallFormatter.Instance),
        (MessageType.MessageCall, typeof(MessageCall), MessageCallFormatter.Instance),
        (MessageType.SuppressCall, typeof(SuppressCall), SuppressCallFormatter.Instance),
        (MessageType.UpdateFrameworkCall, typeof(UpdateFrameworkCall), UpdateFrameworkCallFormatter.Instance),
        (MessageType.SubscribedEvent, typeof(SubscribedEvent), SubscribedEventFormatter.Instance),
        (MessageType.OffersEvent, typeof(OffersEvent), OffersEventFormatter.Instance),
        (MessageType.RescindEvent, typeof(RescindEvent), RescindEventFormatter.Instance),
        (MessageType.UpdateEvent, typeof(UpdateEvent), UpdateEventFormatter.Instance),
        (MessageType.MessageEvent, typeof(MessageEvent), MessageEventFormatter.Instance),
        (MessageType.FailureEvent, typeof(FailureEvent), FailureEventFormatter.Instance),
        (MessageType.ErrorEvent, typeof(ErrorEvent), ErrorEventFormatter.Instance),
        (MessageType.HeartbeatEvent, typeof(HeartbeatEvent), HeartbeatEventFormatter.Instance),
    ];

    public static object? FormatterOf(Type type)
    {
        foreach (var entry in Entries)
        {
            if (entry.ClrType == type)
                return entry.Formatter;
        }
        return null;
    }

    public static MessageType TypeOf(Type type)
    {
        foreach (var entry in Entries)
        {
            if (entry.ClrType == type)
                return entry.Type;
        }
        return MessageType.None;
    }
}

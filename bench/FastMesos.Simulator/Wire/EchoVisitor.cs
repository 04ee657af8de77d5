using FastMesos.Messages;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;

namespace FastMesos.Simulator.Wire;

/// <summary>A master-like connection's visitor: each ping is answered with a pong, nothing else is expected.</summary>
internal sealed class EchoVisitor(FrameConnection connection) : IMessageVisitor
{
    private long _pings;
    private long _refused;

    public long Pings => Volatile.Read(ref _pings);

    /// <summary>Pongs the connection would not queue (paused or closed); the client's window keeps this at zero.</summary>
    public long Refused => Volatile.Read(ref _refused);

    public void Unexpected(MessageType type) => connection.Close(CloseReason.UnexpectedMessage, $"unexpected {type}");

    public void Visit(in Ping message)
    {
        // One connection's frames never arrive concurrently, so a plain increment published by a volatile write suffices.
        Volatile.Write(ref _pings, _pings + 1);
        if (!connection.TrySendMessage(new Pong(message.Sequence, message.Timestamp)))
            Volatile.Write(ref _refused, _refused + 1);
    }
}

using System.Buffers;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;

namespace FastMesos.Transport.Messaging;

/// <summary>
/// Turns frames into typed messages: each frame is decoded by the codec straight off the receive
/// buffer and dispatched to the connection's <see cref="IMessageVisitor"/>. A payload that does not
/// decode closes only that connection with <see cref="CloseReason.MalformedMessage"/> and the
/// decoder's reason (which message, which field); the daemon keeps serving everyone else.
/// </summary>
public abstract class MessageHandler(StringPool? strings = null) : IFrameHandler
{
    private readonly StringPool _strings = strings ?? StringPool.Shared;

    /// <summary>The visitor that receives <paramref name="connection"/>'s messages (one per connection, or shared).</summary>
    protected abstract IMessageVisitor VisitorFor(FrameConnection connection);

    public void OnFrame(FrameConnection connection, ushort messageType, in ReadOnlySequence<byte> payload)
    {
        try
        {
            MessageCodec.Decode(messageType, payload, VisitorFor(connection), _strings);
        }
        catch (MessageDecodeException e)
        {
            connection.Close(CloseReason.MalformedMessage, e.Message);
        }
    }

    public virtual void OnGreeting(FrameConnection connection)
    {
    }

    public virtual void OnConnected(FrameConnection connection)
    {
    }

    public virtual void OnClosed(FrameConnection connection, CloseInfo info)
    {
    }
}

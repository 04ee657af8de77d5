using FastMesos.Transport.Codec;
using FastMesos.Transport.Connections;

namespace FastMesos.Transport.Messaging;

/// <summary>Typed sends: the frame type comes from the codec's registry, the payload is encoded in place.</summary>
public static class MessageConnectionExtensions
{
    /// <summary>
    /// Queues <paramref name="message"/> without waiting; false when the connection is closed or
    /// sending is paused (see <see cref="FrameConnection.TrySend{TPayload}"/>). Allocation-free.
    /// </summary>
    public static bool TrySendMessage<T>(this FrameConnection connection, in T message) =>
        connection.TrySend((ushort)MessageCodec<T>.Type, new CodecPayload<T>(in message));

    /// <summary>Queues <paramref name="message"/>, waiting while sending is paused; false when the connection closed first.</summary>
    public static ValueTask<bool> SendMessageAsync<T>(this FrameConnection connection, T message, CancellationToken cancellationToken = default) =>
        connection.SendAsync((ushort)MessageCodec<T>.Type, new MessagePayload<T>(message), cancellationToken);
}

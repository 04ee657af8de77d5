using FastMesos.Messages;

namespace FastMesos.Transport.Codec;

/// <summary>
/// The formatter and type number of message type <typeparamref name="T"/>, looked up once per type
/// when first used, so writing and decoding a message costs no dictionary lookup and no boxing.
/// </summary>
public static class MessageCodec<T>
{
    /// <summary>Null when <typeparamref name="T"/> is not a message (it has no <see cref="MessageType"/>).</summary>
    public static readonly IMessageFormatter<T>? Formatter = (IMessageFormatter<T>?)MessageRegistry.FormatterOf(typeof(T));

    /// <summary><see cref="MessageType.None"/> when <typeparamref name="T"/> is not a message.</summary>
    public static readonly MessageType Type = MessageRegistry.TypeOf(typeof(T));
}

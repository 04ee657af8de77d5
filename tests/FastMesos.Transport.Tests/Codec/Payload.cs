using System.Buffers;
using FastMesos.Messages;
using FastMesos.Transport.Codec;
using MessagePack;

namespace FastMesos.Transport.Tests.Codec;

/// <summary>Hand-built payloads and the decode calls the tests share.</summary>
internal static class Payload
{
    public delegate void WriteAction(ref MessagePackWriter writer);

    public static byte[] Build(WriteAction write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Encode<T>(T message) => MessageCase<T>.Encode(message);

    /// <summary>Decodes through the type switch, as the connection layer will.</summary>
    public static void Dispatch(MessageType type, in ReadOnlySequence<byte> payload) =>
        MessageCodec.Decode((ushort)type, payload, new RecordingVisitor(), StringPool.None);

    public static MessageDecodeException Fails(MessageType type, byte[] payload) =>
        Assert.Throws<MessageDecodeException>(() => Dispatch(type, new ReadOnlySequence<byte>(payload)));

    /// <summary>Hostile input may decode or fail with <see cref="MessageDecodeException"/>; anything else escapes and fails the test.</summary>
    public static void DecodesOrFailsCleanly(MessageType type, in ReadOnlySequence<byte> payload)
    {
        try
        {
            Dispatch(type, payload);
        }
        catch (MessageDecodeException)
        {
        }
    }
}

using System.Buffers;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Framing;

namespace FastMesos.Transport.Messaging;

/// <summary>
/// A frame payload that encodes <typeparamref name="T"/> with the codec straight into the
/// connection's output. A <c>ref struct</c> holding a reference to the caller's message, so sending
/// a record struct (a ping, an acknowledgement) copies nothing and allocates nothing.
/// </summary>
public readonly ref struct CodecPayload<T> : IFramePayload
{
    private readonly ref readonly T _message;

    public CodecPayload(ref readonly T message) => _message = ref message;

    public void WritePayload(IBufferWriter<byte> output) => MessageCodec.Write(output, in _message);
}

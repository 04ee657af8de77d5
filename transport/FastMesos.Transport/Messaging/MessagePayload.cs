using System.Buffers;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Framing;

namespace FastMesos.Transport.Messaging;

/// <summary>
/// The by-value twin of <see cref="CodecPayload{T}"/> for <see cref="Connections.FrameConnection.SendAsync{TPayload}(ushort, TPayload, CancellationToken)"/>,
/// which may have to keep the payload across an await (a ref struct cannot).
/// </summary>
public readonly struct MessagePayload<T>(T message) : IFramePayload
{
    public void WritePayload(IBufferWriter<byte> output) => MessageCodec.Write(output, in message);
}

using System.Buffers;

namespace FastMesos.Transport.Framing;

/// <summary>An already-encoded payload, copied into the frame as is.</summary>
public readonly ref struct SpanPayload : IFramePayload
{
    private readonly ReadOnlySpan<byte> _bytes;

    /// <summary>Wraps <paramref name="bytes"/>; they are copied when the frame is written.</summary>
    public SpanPayload(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    /// <inheritdoc />
    public void WritePayload(IBufferWriter<byte> output) => output.Write(_bytes);
}

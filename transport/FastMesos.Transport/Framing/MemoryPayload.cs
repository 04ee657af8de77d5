using System.Buffers;

namespace FastMesos.Transport.Framing;

/// <summary>An already-encoded payload that may be held across an <c>await</c> (unlike <see cref="SpanPayload"/>).</summary>
public readonly struct MemoryPayload : IFramePayload
{
    private readonly ReadOnlyMemory<byte> _bytes;

    /// <summary>Wraps <paramref name="bytes"/>; they are copied when the frame is written.</summary>
    public MemoryPayload(ReadOnlyMemory<byte> bytes) => _bytes = bytes;

    /// <inheritdoc />
    public void WritePayload(IBufferWriter<byte> output) => output.Write(_bytes.Span);
}

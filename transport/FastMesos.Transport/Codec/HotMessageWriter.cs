using System.Buffers;
using System.Buffers.Binary;
using FastMesos.Messages;

namespace FastMesos.Transport.Codec;

/// <summary>
/// Span fast paths that encode Ping and Pong straight into the output, without a
/// <c>MessagePackWriter</c>. Invariant: the bytes are exactly what <see cref="PingFormatter"/> and
/// <see cref="PongFormatter"/> write (MessagePack's most compact integer forms; HotMessageWriterTests
/// compares them over the integer boundaries), so the wire format does not depend on the path.
/// </summary>
internal static class HotMessageWriter
{
    // Array header + two 9-byte integers + a bool.
    private const int MaxPingBytes = 20;
    private const int MaxPongBytes = 19;

    public static void WritePing(IBufferWriter<byte> output, in Ping message)
    {
        Span<byte> span = output.GetSpan(MaxPingBytes);
        int position = WriteSequenceAndTimestamp(span, 0x93, message.Sequence, message.Timestamp);
        span[position++] = message.Connected ? (byte)0xc3 : (byte)0xc2;
        output.Advance(position);
    }

    public static void WritePong(IBufferWriter<byte> output, in Pong message)
    {
        Span<byte> span = output.GetSpan(MaxPongBytes);
        output.Advance(WriteSequenceAndTimestamp(span, 0x92, message.Sequence, message.Timestamp));
    }

    // The fixarray header and the two leading fields both messages share; returns the bytes written.
    private static int WriteSequenceAndTimestamp(Span<byte> span, byte arrayHeader, ulong sequence, long timestamp)
    {
        span[0] = arrayHeader;
        int position = 1;
        WriteUInt64(span, ref position, sequence);
        WriteInt64(span, ref position, timestamp);
        return position;
    }

    // The smallest unsigned form, as MessagePackWriter.Write(ulong) picks it.
    private static void WriteUInt64(Span<byte> span, ref int position, ulong value)
    {
        if (value <= 0x7f)
            span[position++] = (byte)value;
        else if (value <= byte.MaxValue)
            Code(span, ref position, 0xcc, 1)[0] = (byte)value;
        else if (value <= ushort.MaxValue)
            BinaryPrimitives.WriteUInt16BigEndian(Code(span, ref position, 0xcd, 2), (ushort)value);
        else if (value <= uint.MaxValue)
            BinaryPrimitives.WriteUInt32BigEndian(Code(span, ref position, 0xce, 4), (uint)value);
        else
            BinaryPrimitives.WriteUInt64BigEndian(Code(span, ref position, 0xcf, 8), value);
    }

    // A non-negative value in its unsigned form, a negative one in the smallest signed form, as MessagePackWriter.Write(long).
    private static void WriteInt64(Span<byte> span, ref int position, long value)
    {
        if (value >= 0)
            WriteUInt64(span, ref position, (ulong)value);
        else if (value >= -32)
            span[position++] = (byte)value; // negative fixint: the value's low byte, 0xe0..0xff
        else if (value >= sbyte.MinValue)
            Code(span, ref position, 0xd0, 1)[0] = (byte)value;
        else if (value >= short.MinValue)
            BinaryPrimitives.WriteInt16BigEndian(Code(span, ref position, 0xd1, 2), (short)value);
        else if (value >= int.MinValue)
            BinaryPrimitives.WriteInt32BigEndian(Code(span, ref position, 0xd2, 4), (int)value);
        else
            BinaryPrimitives.WriteInt64BigEndian(Code(span, ref position, 0xd3, 8), value);
    }

    // Writes a format code and returns the span for its body, moving position past both.
    private static Span<byte> Code(Span<byte> span, ref int position, byte code, int bodyBytes)
    {
        span[position] = code;
        Span<byte> body = span.Slice(position + 1, bodyBytes);
        position += 1 + bodyBytes;
        return body;
    }
}

using System.Buffers.Binary;
using FastMesos.Messages;

namespace FastMesos.Transport.Codec;

/// <summary>
/// Span fast paths for the two messages a connection carries most (Ping, Pong), decoded straight
/// from one contiguous payload without a <c>MessagePackReader</c>. They accept only the canonical
/// shapes the codec writes (a fixarray of exactly the known fields, integers and booleans in their
/// MessagePack forms, nothing after the message) and return false for anything else, writing a
/// default. The caller then decodes with the full formatter, which accepts every valid encoding and
/// names the fault of an invalid one. Invariant: whenever a fast path returns true, the full decoder
/// would return the same message (it accepts a superset of these encodings, with the same values).
/// </summary>
internal static class HotMessageReader
{
    // MessagePack format codes (https://github.com/msgpack/msgpack/blob/master/spec.md).
    private const byte FixArray2 = 0x92, FixArray3 = 0x93;
    private const byte False = 0xc2, True = 0xc3;
    private const byte UInt8 = 0xcc, UInt16 = 0xcd, UInt32 = 0xce, UInt64 = 0xcf;
    private const byte Int8 = 0xd0, Int16 = 0xd1, Int32 = 0xd2, Int64 = 0xd3;
    private const byte MaxPositiveFixInt = 0x7f, MinNegativeFixInt = 0xe0;

    /// <summary><c>[sequence, timestamp]</c> or <c>[sequence, timestamp, connected]</c>, as <see cref="PingFormatter"/> reads it.</summary>
    public static bool TryReadPing(ReadOnlySpan<byte> payload, out Ping ping)
    {
        ping = default;
        if (payload.IsEmpty)
            return false;
        byte header = payload[0];
        if (header != FixArray3 && header != FixArray2)
            return false;
        int position = 1;
        if (!TryReadUInt64(payload, ref position, out ulong sequence) || !TryReadInt64(payload, ref position, out long timestamp))
            return false;
        bool connected = true;
        if (header == FixArray3)
        {
            if ((uint)position >= (uint)payload.Length)
                return false;
            byte flag = payload[position++];
            if (flag == False)
                connected = false;
            else if (flag != True)
                return false;
        }

        if (position != payload.Length)
            return false;
        ping = new Ping(sequence, timestamp, connected);
        return true;
    }

    /// <summary><c>[sequence, timestamp]</c>, as <see cref="PongFormatter"/> reads it.</summary>
    public static bool TryReadPong(ReadOnlySpan<byte> payload, out Pong pong)
    {
        pong = default;
        if (payload.IsEmpty || payload[0] != FixArray2)
            return false;
        int position = 1;
        if (!TryReadUInt64(payload, ref position, out ulong sequence) || !TryReadInt64(payload, ref position, out long timestamp)
            || position != payload.Length)
            return false;
        pong = new Pong(sequence, timestamp);
        return true;
    }

    // The unsigned forms only; a signed form (even a non-negative one) takes the full path.
    private static bool TryReadUInt64(ReadOnlySpan<byte> payload, ref int position, out ulong value)
    {
        value = 0;
        if ((uint)position >= (uint)payload.Length)
            return false;
        byte code = payload[position];
        if (code <= MaxPositiveFixInt)
        {
            value = code;
            position++;
            return true;
        }

        if (code is < UInt8 or > UInt64)
            return false;
        return TryReadUnsignedBody(payload, ref position, code, out value);
    }

    private static bool TryReadInt64(ReadOnlySpan<byte> payload, ref int position, out long value)
    {
        value = 0;
        if ((uint)position >= (uint)payload.Length)
            return false;
        byte code = payload[position];
        if (code <= MaxPositiveFixInt || code >= MinNegativeFixInt)
        {
            value = (sbyte)code; // a positive fixint is below 0x80, so the sign extension only affects negative ones
            position++;
            return true;
        }

        if (code is >= UInt8 and <= UInt64)
        {
            // A uint64 above long.MaxValue overflows in the full reader: leave it to that path.
            if (!TryReadUnsignedBody(payload, ref position, code, out ulong unsigned) || unsigned > long.MaxValue)
                return false;
            value = (long)unsigned;
            return true;
        }

        ReadOnlySpan<byte> rest = payload.Slice(position + 1);
        switch (code)
        {
            case Int8 when rest.Length >= 1: value = (sbyte)rest[0]; position += 2; return true;
            case Int16 when rest.Length >= 2: value = BinaryPrimitives.ReadInt16BigEndian(rest); position += 3; return true;
            case Int32 when rest.Length >= 4: value = BinaryPrimitives.ReadInt32BigEndian(rest); position += 5; return true;
            case Int64 when rest.Length >= 8: value = BinaryPrimitives.ReadInt64BigEndian(rest); position += 9; return true;
            default: return false;
        }
    }

    // code is one of UInt8..UInt64; position is at the code.
    private static bool TryReadUnsignedBody(ReadOnlySpan<byte> payload, ref int position, byte code, out ulong value)
    {
        ReadOnlySpan<byte> rest = payload.Slice(position + 1);
        switch (code)
        {
            case UInt8 when rest.Length >= 1: value = rest[0]; position += 2; return true;
            case UInt16 when rest.Length >= 2: value = BinaryPrimitives.ReadUInt16BigEndian(rest); position += 3; return true;
            case UInt32 when rest.Length >= 4: value = BinaryPrimitives.ReadUInt32BigEndian(rest); position += 5; return true;
            case UInt64 when rest.Length >= 8: value = BinaryPrimitives.ReadUInt64BigEndian(rest); position += 9; return true;
            default: value = 0; return false;
        }
    }
}

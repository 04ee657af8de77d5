using System.Buffers.Binary;

namespace FastMesos.Transport.Heartbeats;

/// <summary>
/// One heartbeat datagram, a fixed 36-byte little-endian layout:
/// <c>magic u32 "FMHB" | version u8 | kind u8 | flags u8 | 0 u8 | slot u32 | token u64 | sequence u64 | timestamp i64</c>.
/// Flags bit 0 on a ping is the TCP ping's <c>Connected</c>. No serializer: a datagram is read with
/// a length check and eight fixed loads, so a flood of them costs nothing but the syscalls.
/// </summary>
public readonly record struct HeartbeatDatagram(HeartbeatKind Kind, uint Slot, ulong Token, ulong Sequence, long Timestamp, bool Connected = true)
{
    /// <summary>Every heartbeat datagram is exactly this long.</summary>
    public const int Size = 36;

    /// <summary>"FMHB" read as a little-endian u32.</summary>
    public const uint Magic = 0x4248_4D46;

    public const byte Version = 1;

    private const byte ConnectedFlag = 1;

    /// <summary>Writes the datagram into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        Span<byte> d = destination[..Size];
        BinaryPrimitives.WriteUInt32LittleEndian(d, Magic);
        d[4] = Version;
        d[5] = (byte)Kind;
        d[6] = Connected ? ConnectedFlag : (byte)0;
        d[7] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(d[8..], Slot);
        BinaryPrimitives.WriteUInt64LittleEndian(d[12..], Token);
        BinaryPrimitives.WriteUInt64LittleEndian(d[20..], Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(d[28..], Timestamp);
    }

    /// <summary>
    /// Reads a datagram, or says why <paramref name="source"/> is not one (null when it is). Datagrams
    /// come from anyone who can reach the port: nothing here trusts a byte before checking it.
    /// </summary>
    public static string? TryRead(ReadOnlySpan<byte> source, out HeartbeatDatagram datagram)
    {
        datagram = default;
        if (source.Length != Size)
            return $"{source.Length} bytes, a heartbeat datagram has {Size}";
        if (BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic)
            return "not a heartbeat datagram (bad magic)";
        if (source[4] != Version)
            return $"heartbeat version {source[4]}, this side speaks {Version}";
        var kind = (HeartbeatKind)source[5];
        if (kind is not (HeartbeatKind.Hello or HeartbeatKind.Ping or HeartbeatKind.Pong))
            return $"unknown heartbeat kind {source[5]}";
        if ((source[6] & ~ConnectedFlag) != 0 || source[7] != 0)
            return "reserved bits set";
        datagram = new HeartbeatDatagram(
            kind,
            BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[12..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[20..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[28..]),
            (source[6] & ConnectedFlag) != 0);
        return null;
    }
}

using System.Buffers.Binary;

namespace FastMesos.Simulator.Wire;

/// <summary>
/// The floor's wire format: a 4-byte little-endian length, then the payload: sequence (8 bytes),
/// send timestamp (8 bytes), zero padding up to the configured size. No serializer, no type field.
/// </summary>
internal static class FloorFrame
{
    public const int HeaderSize = 4;

    /// <summary>The smallest frame: header, sequence and timestamp.</summary>
    public const int MinSize = HeaderSize + 16;

    /// <summary>The largest frame either side accepts; anything above is a broken peer, not load.</summary>
    public const int MaxSize = 64 * 1024;

    public static void Write(Span<byte> frame, ulong sequence, long timestamp)
    {
        BinaryPrimitives.WriteInt32LittleEndian(frame, frame.Length - HeaderSize);
        BinaryPrimitives.WriteUInt64LittleEndian(frame[4..], sequence);
        BinaryPrimitives.WriteInt64LittleEndian(frame[12..], timestamp);
    }

    /// <summary>The length of the complete frame at the start of <paramref name="buffer"/>, 0 if it is not all there, -1 if it is malformed.</summary>
    public static int Complete(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < HeaderSize)
            return 0;
        int payload = BinaryPrimitives.ReadInt32LittleEndian(buffer);
        if (payload < MinSize - HeaderSize || payload > MaxSize - HeaderSize)
            return -1;
        return buffer.Length >= HeaderSize + payload ? HeaderSize + payload : 0;
    }

    public static ulong Sequence(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadUInt64LittleEndian(frame[4..]);

    public static long Timestamp(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadInt64LittleEndian(frame[12..]);
}

using System.Buffers;
using System.Buffers.Binary;
using FastMesos.Transport.Framing;

namespace FastMesos.Transport.Tests.Framing;

/// <summary>Frames encoded by hand (not by the writer under test), and a reader loop that collects them.</summary>
internal static class TestFrames
{
    public static byte[] Encode(ushort messageType, byte[] payload)
    {
        var frame = new byte[FrameHeader.Size + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)(payload.Length + 2));
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(4), messageType);
        payload.CopyTo(frame, FrameHeader.Size);
        return frame;
    }

    public static byte[] Concat(params byte[][] parts)
    {
        var all = new List<byte>();
        foreach (byte[] part in parts)
            all.AddRange(part);
        return all.ToArray();
    }

    /// <summary>A header declaring <paramref name="length"/>, with nothing after it.</summary>
    public static byte[] Header(uint length, ushort messageType = 1)
    {
        var header = new byte[FrameHeader.Size];
        BinaryPrimitives.WriteUInt32LittleEndian(header, length);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), messageType);
        return header;
    }

    public static byte[] Payload(int length, int seed)
    {
        var payload = new byte[length];
        new Random(seed).NextBytes(payload);
        return payload;
    }

    /// <summary>Reads frames until something other than a frame; returns them and the final result.</summary>
    public static (List<(ushort Type, byte[] Payload)> Frames, FrameReadResult Last, long Remaining) ReadAll(ReadOnlySequence<byte> buffer, int maxFrameSize = FrameHeader.DefaultMaxFrameSize)
    {
        var frames = new List<(ushort, byte[])>();
        while (true)
        {
            FrameReadResult result = FrameReader.TryRead(ref buffer, maxFrameSize, out ushort type, out ReadOnlySequence<byte> payload);
            if (result != FrameReadResult.Frame)
                return (frames, result, buffer.Length);
            frames.Add((type, payload.ToArray()));
        }
    }
}

using System.Buffers.Binary;
using FastMesos.Transport.Framing;

namespace FastMesos.Transport.Tests.Framing;

/// <summary>The frame layout parsed the obvious way, over one array: the oracle the fuzz tests compare the reader against.</summary>
internal static class ReferenceFrameParser
{
    public static (List<(ushort Type, byte[] Payload)> Frames, FrameReadResult Last, long Remaining) Parse(byte[] data, int maxFrameSize)
    {
        var frames = new List<(ushort, byte[])>();
        int position = 0;
        while (true)
        {
            int left = data.Length - position;
            if (left < 4)
                return (frames, FrameReadResult.NeedMore, left);
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(position));
            if (length < 2)
                return (frames, FrameReadResult.Malformed, left);
            if (length > (uint)maxFrameSize)
                return (frames, FrameReadResult.TooLarge, left);
            if (left < 6 || left - 4 < length)
                return (frames, FrameReadResult.NeedMore, left);
            ushort type = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(position + 4));
            frames.Add((type, data.AsSpan(position + 6, (int)length - 2).ToArray()));
            position += 4 + (int)length;
        }
    }
}

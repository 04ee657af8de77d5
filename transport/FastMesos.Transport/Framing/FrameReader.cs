using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace FastMesos.Transport.Framing;

/// <summary>
/// Cuts frames off the front of a received buffer without copying or allocating. The payload it
/// returns is a slice of the caller's buffer, valid until the caller advances its reader past it.
/// </summary>
/// <remarks>
/// Two tiers: when the six header bytes sit in the first segment (almost always: a segment holds
/// many small frames) the header is read straight from that span; a header that straddles a
/// segment boundary, or a buffer shorter than a header, goes to a cold path that copies at most six
/// bytes to the stack. Neither throws for short input: <see cref="FrameReadResult.NeedMore"/> says so.
/// </remarks>
public static class FrameReader
{
    /// <summary>
    /// Reads one frame from the start of <paramref name="buffer"/>. On <see cref="FrameReadResult.Frame"/>
    /// the buffer is moved past the frame and <paramref name="payload"/> holds its body; on any other
    /// result the buffer is unchanged and <paramref name="payload"/> is empty.
    /// </summary>
    /// <param name="buffer">Received bytes; the frame, if whole, is sliced off its front.</param>
    /// <param name="maxFrameSize">The largest acceptable <c>length</c> (type + payload); at least 2.</param>
    /// <param name="messageType">The frame's message type when a frame was read.</param>
    /// <param name="payload">The frame's payload (may span segments) when a frame was read.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FrameReadResult TryRead(
        ref ReadOnlySequence<byte> buffer,
        int maxFrameSize,
        out ushort messageType,
        out ReadOnlySequence<byte> payload)
    {
        // IsValidLength's single compare assumes a maximum of at least 2; a smaller one would wrap.
        if (maxFrameSize < (int)FrameHeader.MinLength)
            FramingThrowHelper.ThrowMaxFrameSize(maxFrameSize);

        ReadOnlySpan<byte> first = buffer.FirstSpan;
        if (first.Length >= FrameHeader.Size)
        {
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(first);
            if (FrameHeader.IsValidLength(length, maxFrameSize))
            {
                long frameEnd = FrameHeader.LengthSize + (long)length;
                if (frameEnd <= buffer.Length)
                {
                    messageType = BinaryPrimitives.ReadUInt16LittleEndian(first.Slice(FrameHeader.LengthSize));
                    payload = buffer.Slice(FrameHeader.Size, length - FrameHeader.MinLength);
                    buffer = buffer.Slice(frameEnd);
                    return FrameReadResult.Frame;
                }

                messageType = 0;
                payload = default;
                return FrameReadResult.NeedMore;
            }
        }

        return TryReadSlow(ref buffer, maxFrameSize, out messageType, out payload);
    }

    /// <summary>
    /// Reads the declared length at the start of <paramref name="buffer"/>, if four bytes are there;
    /// used to word error messages and to tell how many bytes a partial frame still needs.
    /// </summary>
    public static bool TryReadLength(in ReadOnlySequence<byte> buffer, out uint length)
    {
        if (buffer.Length < FrameHeader.LengthSize)
        {
            length = 0;
            return false;
        }

        Span<byte> prefix = stackalloc byte[FrameHeader.LengthSize];
        buffer.Slice(0, FrameHeader.LengthSize).CopyTo(prefix);
        length = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        return true;
    }

    // Cold: the header straddles segments, the buffer is shorter than a header, or the length is
    // invalid. Kept out of line so TryRead stays small enough to inline into the receive loop.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FrameReadResult TryReadSlow(
        ref ReadOnlySequence<byte> buffer,
        int maxFrameSize,
        out ushort messageType,
        out ReadOnlySequence<byte> payload)
    {
        messageType = 0;
        payload = default;
        long available = buffer.Length;
        if (available < FrameHeader.LengthSize)
            return FrameReadResult.NeedMore;

        // The length alone decides TooLarge/Malformed, so judge it as soon as four bytes are here
        // rather than waiting for the type: a hostile length is refused one read earlier.
        Span<byte> header = stackalloc byte[FrameHeader.Size];
        int have = (int)Math.Min(available, FrameHeader.Size);
        buffer.Slice(0, have).CopyTo(header);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (!FrameHeader.IsValidLength(length, maxFrameSize))
            return length < FrameHeader.MinLength ? FrameReadResult.Malformed : FrameReadResult.TooLarge;

        long frameEnd = FrameHeader.LengthSize + (long)length;
        if (have < FrameHeader.Size || available < frameEnd)
            return FrameReadResult.NeedMore;

        messageType = BinaryPrimitives.ReadUInt16LittleEndian(header.Slice(FrameHeader.LengthSize));
        payload = buffer.Slice(FrameHeader.Size, length - FrameHeader.MinLength);
        buffer = buffer.Slice(frameEnd);
        return FrameReadResult.Frame;
    }
}

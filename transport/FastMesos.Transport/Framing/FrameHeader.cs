using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace FastMesos.Transport.Framing;

/// <summary>
/// The six bytes in front of every frame:
/// <code>
///  0       4       6                      4 + length
///  ├───────┼───────┼──────────────────────┤
///  │length │ type  │ payload (length - 2) │
///  └───────┴───────┴──────────────────────┘
///  uint32 LE  uint16 LE   MessagePack (the codec's)
/// </code>
/// <c>length</c> counts what follows it (type + payload), so a reader knows how much to wait for
/// after four bytes, and a frame with an empty payload has length 2.
/// </summary>
public static class FrameHeader
{
    /// <summary>Bytes of the length prefix.</summary>
    public const int LengthSize = 4;

    /// <summary>Bytes of the message type that follows the length.</summary>
    public const int TypeSize = 2;

    /// <summary>Bytes of the whole header (length + type).</summary>
    public const int Size = LengthSize + TypeSize;

    /// <summary>The smallest valid length: a type and an empty payload.</summary>
    public const uint MinLength = TypeSize;

    /// <summary>The default maximum of <c>length</c> (type + payload): 4 MiB.</summary>
    public const int DefaultMaxFrameSize = 4 * 1024 * 1024;

    /// <summary>
    /// Message types from here up belong to the transport, never to the codec's messages
    /// (<c>FastMesos.Messages.MessageType</c> stays below 1000).
    /// </summary>
    public const ushort FirstReservedMessageType = 0xFF00;

    /// <summary>
    /// A transport frame whose payload is a UTF-8 reason, sent right before the sender closes; the
    /// listener answers an unacceptable preamble with it so the dialer can say why it was refused.
    /// </summary>
    public const ushort CloseMessageType = 0xFFFF;

    /// <summary>Writes a header for a frame whose type + payload take <paramref name="length"/> bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(Span<byte> destination, uint length, ushort messageType)
    {
        // One bounds check for both writes: the JIT elides the second after this one.
        if (destination.Length < Size)
            FramingThrowHelper.ThrowDestinationTooSmall();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(LengthSize), messageType);
    }

    /// <summary>
    /// Whether a declared length is acceptable: at least <see cref="MinLength"/>, at most
    /// <paramref name="maxFrameSize"/>. One unsigned compare covers both ends.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsValidLength(uint length, int maxFrameSize) =>
        length - MinLength <= (uint)maxFrameSize - MinLength;
}

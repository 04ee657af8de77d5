using System.Diagnostics.CodeAnalysis;

namespace FastMesos.Transport.Framing;

/// <summary>Throw sites kept out of line so hot callers stay small enough to inline.</summary>
internal static class FramingThrowHelper
{
    [DoesNotReturn]
    public static void ThrowDestinationTooSmall() =>
        throw new ArgumentException($"The destination needs at least {FrameHeader.Size} bytes.", "destination");

    [DoesNotReturn]
    public static void ThrowMaxFrameSize(int maxFrameSize) =>
        throw new ArgumentOutOfRangeException(nameof(maxFrameSize), maxFrameSize, $"The maximum frame size must be at least {FrameHeader.MinLength}.");

    [DoesNotReturn]
    public static void ThrowAdvancedTooFar(int bytes, int available) =>
        throw new ArgumentOutOfRangeException(nameof(bytes), bytes, $"Advanced past the end of the buffer ({available} bytes available).");

    [DoesNotReturn]
    public static void ThrowNegativeSizeHint(int sizeHint) =>
        throw new ArgumentOutOfRangeException(nameof(sizeHint), sizeHint, "The size hint must not be negative.");
}

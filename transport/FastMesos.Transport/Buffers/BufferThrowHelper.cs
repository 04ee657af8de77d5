using System.Diagnostics.CodeAnalysis;

namespace FastMesos.Transport.Buffers;

/// <summary>Throw sites kept out of line so the pool's hot paths stay small.</summary>
internal static class BufferThrowHelper
{
    [DoesNotReturn]
    public static void ThrowRequestTooLarge(int requested, int blockSize) =>
        throw new ArgumentOutOfRangeException("minBufferSize", requested, $"The pool hands out blocks of {blockSize} bytes.");

    [DoesNotReturn]
    public static void ThrowPoolDisposed() =>
        throw new ObjectDisposedException(nameof(BlockMemoryPool));

    [DoesNotReturn]
    public static void ThrowDoubleReturn() =>
        throw new InvalidOperationException("A pool block was returned twice.");
}

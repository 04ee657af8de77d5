using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using MessagePack;

namespace FastMesos.Transport.Codec;

/// <summary>
/// Failure handling, kept out of line so readers stay small. Formatters catch failures with
/// <see cref="IsDecodeFailure"/> and rethrow them with the field that failed, building a path such as
/// <c>Offers[2].Resources[0]</c> from the inside out.
/// </summary>
internal static partial class Wire
{
    /// <summary>
    /// The exceptions a malformed payload can raise: ours, MessagePack's (wrong type, truncation,
    /// depth, out-of-range integers) and the contract types' own validation (names, roles, ranges).
    /// Anything else is a bug and is left to surface.
    /// </summary>
    public static bool IsDecodeFailure(Exception e) =>
        e is MessageDecodeException or MessagePackSerializationException or EndOfStreamException
            or InsufficientExecutionStackException or ArgumentException or FormatException or OverflowException;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static MessageDecodeException AtField(Exception e, string[] fields, int index) =>
        Wrap(e).Within(index < fields.Length ? fields[index] : "#" + index);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static MessageDecodeException AtIndex(Exception e, int index) => Wrap(e).Within("[" + index + "]");

    public static MessageDecodeException Wrap(Exception e) => e as MessageDecodeException ?? new MessageDecodeException(Describe(e), e);

    private static string Describe(Exception e) => e switch
    {
        EndOfStreamException => "the payload ends early (truncated)",
        InsufficientExecutionStackException => $"values nest deeper than {CodecLimits.MaxDepth} levels",
        _ => e.Message,
    };

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowInvalid(string reason) => throw new MessageDecodeException(reason);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowTruncated() => throw new MessageDecodeException("the payload ends early (truncated)");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowRequired() => throw new MessageDecodeException("a required value is nil");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTooManyFields(int count) =>
        throw new MessageDecodeException($"declares {(uint)count} fields; at most {CodecLimits.MaxFieldCount} are allowed");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowMissingFields(int count, int required) =>
        throw new MessageDecodeException($"has {count} fields; {required} are required");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTooLong(int count, int max) =>
        throw new MessageDecodeException($"a list declares {(uint)count} elements; at most {max} are allowed");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowCountExceedsBytes(int count, long remaining) =>
        throw new MessageDecodeException($"a list declares {(uint)count} elements but only {remaining} bytes remain");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowUnknownEnum(string enumName, int value) =>
        throw new MessageDecodeException($"{value} is not a known {enumName}");
}

using System.Buffers;
using System.Runtime.CompilerServices;
using FastMesos.Messages;
using MessagePack;

namespace FastMesos.Transport.Codec;

/// <summary>
/// Shared read helpers. Each checks what a hostile payload could abuse before acting on it: a
/// declared count against the bytes that remain (so nothing is allocated for elements that cannot be
/// there), nesting against <see cref="CodecLimits.MaxDepth"/>, enum numbers against the known ones.
/// </summary>
internal static partial class Wire
{
    /// <summary>The largest scalar Mesos text may carry (1e12), in milli.</summary>
    private const long MaxScalarMilli = (long)(Scalar.MaxValue * Scalar.Scale);

    public static long Remaining(ref MessagePackReader reader) => reader.Sequence.Length - reader.Consumed;

    /// <summary>Opens a composite: reads its field count and enters one nesting level. Pair with <see cref="ExitObject"/>.</summary>
    public static int EnterObject(ref MessagePackReader reader, int requiredFields)
    {
        if (!reader.TryReadArrayHeader(out int count))
            ThrowTruncated();
        if ((uint)count > CodecLimits.MaxFieldCount)
            ThrowTooManyFields(count);
        if (count < requiredFields)
            ThrowMissingFields(count, requiredFields);
        // Every field takes at least one byte.
        if (count > Remaining(ref reader))
            ThrowTruncated();
        CodecLimits.Security.DepthStep(ref reader);
        return count;
    }

    public static void ExitObject(ref MessagePackReader reader) => reader.Depth--;

    /// <summary>
    /// Opens a list: reads its length, refuses one the remaining bytes cannot hold at
    /// <paramref name="minElementBytes"/> each, and enters one nesting level. Pair with <see cref="ExitObject"/>.
    /// </summary>
    public static int EnterList(ref MessagePackReader reader, int minElementBytes, int maxCount = CodecLimits.MaxCollectionLength)
    {
        if (!reader.TryReadArrayHeader(out int count))
            ThrowTruncated();
        if ((uint)count > (uint)maxCount)
            ThrowTooLong(count, maxCount);
        if ((long)count * minElementBytes > Remaining(ref reader))
            ThrowCountExceedsBytes(count, Remaining(ref reader));
        CodecLimits.Security.DepthStep(ref reader);
        return count;
    }

    public static T[] ReadList<T>(ref MessagePackReader reader, StringPool strings, IMessageFormatter<T> formatter,
        int minElementBytes, int maxCount = CodecLimits.MaxCollectionLength)
    {
        int count = EnterList(ref reader, minElementBytes, maxCount);
        if (count == 0)
        {
            reader.Depth--;
            return [];
        }
        // A checking pool's reader keeps nothing: its elements are checked and dropped, no array.
        T[]? items = strings.ChecksOnly ? null : new T[count];
        ReadElements(ref reader, strings, formatter, items, count);
        reader.Depth--;
        return items ?? [];
    }

    /// <summary>
    /// Like <see cref="ReadList{T}"/>, but into an array rented from <paramref name="pool"/> (longer than
    /// <paramref name="count"/> as pools round up) when <see cref="IsPooled"/>(count), else into a plain
    /// one (<c>[]</c> when empty). The caller returns a rented array; on failure it is already back in
    /// the pool. Limits are checked before renting, so a hostile count cannot make the pool hand out
    /// more than the remaining bytes could hold.
    /// </summary>
    public static T[] ReadPooledList<T>(ref MessagePackReader reader, StringPool strings, IMessageFormatter<T> formatter,
        int minElementBytes, ArrayPool<T> pool, out int count)
    {
        count = EnterList(ref reader, minElementBytes);
        if (count == 0)
        {
            reader.Depth--;
            return [];
        }
        bool pooled = IsPooled(count);
        T[] items = pooled ? pool.Rent(count) : new T[count];
        try
        {
            ReadElements(ref reader, strings, formatter, items, count);
        }
        catch when (pooled)
        {
            pool.Return(items, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
            throw;
        }
        reader.Depth--;
        return items;
    }

    /// <summary>Whether <see cref="ReadPooledList{T}"/> rents the array for a list of <paramref name="count"/> elements.</summary>
    public static bool IsPooled(int count) => count > 0 && count <= CodecLimits.MaxPooledListLength;

    /// <summary>Reads <paramref name="count"/> elements into <paramref name="items"/>, or only checks them when it is null.</summary>
    private static void ReadElements<T>(ref MessagePackReader reader, StringPool strings, IMessageFormatter<T> formatter, T[]? items, int count)
    {
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                T item = formatter.Read(ref reader, strings);
                if (items is not null)
                    items[i] = item;
            }
        }
        catch (Exception e) when (IsDecodeFailure(e))
        {
            throw AtIndex(e, i);
        }
    }

    /// <summary>A list of strings, none of them nil.</summary>
    public static string[] ReadStrings(ref MessagePackReader reader, StringPool strings)
    {
        int count = EnterList(ref reader, 1);
        if (count == 0)
        {
            reader.Depth--;
            return [];
        }
        // A checking pool's strings are all "": checked one by one, kept in no array.
        string[] items = strings.ChecksOnly ? [] : new string[count];
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                string item = ReadRequiredString(ref reader, strings);
                if (items.Length > 0)
                    items[i] = item;
            }
        }
        catch (Exception e) when (IsDecodeFailure(e))
        {
            throw AtIndex(e, i);
        }
        reader.Depth--;
        return items;
    }

    /// <summary>Ranges from the flat form <see cref="WriteRanges"/> writes.</summary>
    public static ValueRange[] ReadRanges(ref MessagePackReader reader)
    {
        int count = EnterList(ref reader, 1);
        if ((count & 1) != 0)
            ThrowInvalid("a range list has an odd number of bounds");
        if (count == 0)
        {
            reader.Depth--;
            return [];
        }
        var ranges = new ValueRange[count / 2];
        for (int i = 0; i < ranges.Length; i++)
        {
            ulong begin = reader.ReadUInt64();
            ulong end = reader.ReadUInt64();
            ranges[i] = new ValueRange(begin, end);
        }
        reader.Depth--;
        return ranges;
    }

    /// <summary>
    /// Skips one value of any shape. Arrays and maps are walked here rather than by
    /// <see cref="MessagePackReader.Skip"/> so that skipped nesting counts against the depth limit too.
    /// </summary>
    public static void Skip(ref MessagePackReader reader)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Array:
            {
                int count = EnterList(ref reader, 1, int.MaxValue);
                for (int i = 0; i < count; i++)
                    Skip(ref reader);
                reader.Depth--;
                break;
            }
            case MessagePackType.Map:
            {
                if (!reader.TryReadMapHeader(out int count))
                    ThrowTruncated();
                if (count < 0 || 2L * count > Remaining(ref reader))
                    ThrowCountExceedsBytes(count, Remaining(ref reader));
                CodecLimits.Security.DepthStep(ref reader);
                for (int i = 0; i < count; i++)
                {
                    Skip(ref reader);
                    Skip(ref reader);
                }
                reader.Depth--;
                break;
            }
            default:
                // Scalars, strings, binaries and extensions do not nest.
                reader.Skip();
                break;
        }
    }

    public static string? ReadString(ref MessagePackReader reader, StringPool strings) =>
        reader.TryReadNil() ? null : ReadNonNilString(ref reader, strings);

    public static string ReadRequiredString(ref MessagePackReader reader, StringPool strings)
    {
        if (reader.TryReadNil())
            ThrowRequired();
        return ReadNonNilString(ref reader, strings);
    }

    private static string ReadNonNilString(ref MessagePackReader reader, StringPool strings) =>
        reader.TryReadStringSpan(out ReadOnlySpan<byte> utf8) ? strings.GetOrAdd(utf8) : ReadSegmentedString(ref reader, strings);

    /// <summary>Cold path: the string straddles segments, so its bytes are copied together first.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string ReadSegmentedString(ref MessagePackReader reader, StringPool strings)
    {
        ReadOnlySequence<byte> utf8 = reader.ReadStringSequence() ?? default;
        int length = checked((int)utf8.Length);
        if (length <= StringPool.MaxInternedBytes)
        {
            Span<byte> buffer = stackalloc byte[StringPool.MaxInternedBytes];
            utf8.CopyTo(buffer);
            return strings.GetOrAdd(buffer[..length]);
        }
        byte[] rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            utf8.CopyTo(rented);
            return strings.GetOrAdd(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static AgentId? ReadOptionalAgentId(ref MessagePackReader reader, StringPool strings) =>
        ReadString(ref reader, strings) is { } s ? new AgentId(s) : null;

    public static FrameworkId? ReadOptionalFrameworkId(ref MessagePackReader reader, StringPool strings) =>
        ReadString(ref reader, strings) is { } s ? new FrameworkId(s) : null;

    public static ExecutorId? ReadOptionalExecutorId(ref MessagePackReader reader, StringPool strings) =>
        ReadString(ref reader, strings) is { } s ? new ExecutorId(s) : null;

    public static Guid ReadGuid(ref MessagePackReader reader)
    {
        if (reader.ReadBytes() is { Length: 16 } bytes)
        {
            Span<byte> buffer = stackalloc byte[16];
            bytes.CopyTo(buffer);
            return new Guid(buffer, bigEndian: true);
        }
        ThrowInvalid("a uuid is not 16 bytes");
        return default;
    }

    public static Guid? ReadOptionalGuid(ref MessagePackReader reader) =>
        reader.TryReadNil() ? null : ReadGuid(ref reader);

    /// <summary>Opaque bytes, copied out of the payload (the payload's buffer is reused after decode); nil reads as empty.</summary>
    public static ReadOnlyMemory<byte> ReadBytes(ref MessagePackReader reader) =>
        reader.ReadBytes() is { IsEmpty: false } bytes ? bytes.ToArray() : default;

    /// <summary>An enum number, refused unless it lies in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static int ReadEnum(ref MessagePackReader reader, int min, int max, string enumName)
    {
        int value = reader.ReadInt32();
        if (value < min || value > max)
            ThrowUnknownEnum(enumName, value);
        return value;
    }

    public static int? ReadOptionalEnum(ref MessagePackReader reader, int min, int max, string enumName) =>
        reader.TryReadNil() ? null : ReadEnum(ref reader, min, max, enumName);

    public static bool? ReadOptionalBool(ref MessagePackReader reader) =>
        reader.TryReadNil() ? null : reader.ReadBoolean();

    public static long? ReadOptionalInt64(ref MessagePackReader reader) =>
        reader.TryReadNil() ? null : reader.ReadInt64();

    public static int? ReadOptionalInt32(ref MessagePackReader reader) =>
        reader.TryReadNil() ? null : reader.ReadInt32();

    public static uint? ReadOptionalUInt32(ref MessagePackReader reader) =>
        reader.TryReadNil() ? null : reader.ReadUInt32();

    public static T? ReadOptional<T>(ref MessagePackReader reader, StringPool strings, IMessageFormatter<T> formatter)
        where T : class =>
        reader.TryReadNil() ? null : formatter.Read(ref reader, strings);

    public static T? ReadOptionalValue<T>(ref MessagePackReader reader, StringPool strings, IMessageFormatter<T> formatter)
        where T : struct =>
        reader.TryReadNil() ? null : formatter.Read(ref reader, strings);

    /// <summary>A scalar quantity in milli, refused when negative or beyond what Mesos text may carry.</summary>
    public static Scalar ReadScalar(ref MessagePackReader reader)
    {
        long milli = reader.ReadInt64();
        if (milli < 0 || milli > MaxScalarMilli)
            ThrowInvalid("a scalar is negative or larger than 1e12");
        return new Scalar(milli);
    }

    /// <summary>Capability flags, refused when they carry a bit this version does not know.</summary>
    public static FrameworkCapabilities ReadCapabilities(ref MessagePackReader reader)
    {
        uint bits = reader.ReadUInt32();
        if ((bits & ~(uint)FrameworkCapabilities.All) != 0)
            ThrowInvalid("unknown framework capability bits 0x" + bits.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        return (FrameworkCapabilities)bits;
    }

    /// <summary>A double that must be a finite number (attribute values, which constraints compare).</summary>
    public static double ReadFiniteDouble(ref MessagePackReader reader)
    {
        double value = reader.ReadDouble();
        if (!double.IsFinite(value))
            ThrowInvalid("a number is not finite");
        return value;
    }
}

using FastMesos.Messages;
using MessagePack;

namespace FastMesos.Transport.Codec;

/// <summary>Shared write helpers: optional values as nil, lists as arrays, uuids as 16-byte bins.</summary>
internal static partial class Wire
{
    public static void WriteOptional<T>(ref MessagePackWriter writer, T? value, IMessageFormatter<T> formatter)
        where T : class
    {
        if (value is null)
            writer.WriteNil();
        else
            formatter.Write(ref writer, in value);
    }

    public static void WriteOptionalValue<T>(ref MessagePackWriter writer, in T? value, IMessageFormatter<T> formatter)
        where T : struct
    {
        if (value.HasValue)
            formatter.Write(ref writer, value.GetValueOrDefault());
        else
            writer.WriteNil();
    }

    /// <summary>A list as an array of its elements; a null list writes as empty.</summary>
    public static void WriteList<T>(ref MessagePackWriter writer, IReadOnlyList<T>? list, IMessageFormatter<T> formatter)
    {
        // Indexing, not foreach: enumerating through the interface would allocate an enumerator.
        int count = list?.Count ?? 0;
        writer.WriteArrayHeader(count);
        for (int i = 0; i < count; i++)
            formatter.Write(ref writer, list![i]);
    }

    /// <summary>A list whose shared prefix is copied from its cached encoding; the same bytes <see cref="WriteList{T}(ref MessagePackWriter, IReadOnlyList{T}?, IMessageFormatter{T})"/> writes.</summary>
    public static void WriteList<T>(ref MessagePackWriter writer, ISharedPrefixList<T> list, SharedPrefixEncodings<T> encodings, IMessageFormatter<T> formatter)
    {
        int count = list.Count;
        T[] prefix = list.SharedPrefix;
        writer.WriteArrayHeader(count);
        writer.WriteRaw(encodings.Of(prefix));
        for (int i = prefix.Length; i < count; i++)
            formatter.Write(ref writer, list[i]);
    }

    public static void WriteStrings(ref MessagePackWriter writer, IReadOnlyList<string>? list)
    {
        int count = list?.Count ?? 0;
        writer.WriteArrayHeader(count);
        for (int i = 0; i < count; i++)
            writer.Write(list![i]);
    }

    /// <summary>Ranges as one flat array <c>[begin0, end0, begin1, end1, ...]</c>.</summary>
    public static void WriteRanges(ref MessagePackWriter writer, IReadOnlyList<ValueRange>? ranges)
    {
        int count = ranges?.Count ?? 0;
        writer.WriteArrayHeader(count * 2);
        for (int i = 0; i < count; i++)
        {
            ValueRange r = ranges![i];
            writer.Write(r.Begin);
            writer.Write(r.End);
        }
    }

    /// <summary>A uuid as 16 bytes in RFC 4122 (big-endian) order, as Mesos' <c>UUID.value</c>.</summary>
    public static void WriteGuid(ref MessagePackWriter writer, Guid value)
    {
        writer.WriteBinHeader(16);
        Span<byte> bytes = writer.GetSpan(16);
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        writer.Advance(16);
    }

    public static void WriteOptionalGuid(ref MessagePackWriter writer, Guid? value)
    {
        if (value.HasValue)
            WriteGuid(ref writer, value.GetValueOrDefault());
        else
            writer.WriteNil();
    }

    public static void WriteOptionalBool(ref MessagePackWriter writer, bool? value)
    {
        if (value.HasValue)
            writer.Write(value.GetValueOrDefault());
        else
            writer.WriteNil();
    }

    public static void WriteOptionalInt(ref MessagePackWriter writer, long? value)
    {
        if (value.HasValue)
            writer.Write(value.GetValueOrDefault());
        else
            writer.WriteNil();
    }

    public static void WriteBytes(ref MessagePackWriter writer, ReadOnlyMemory<byte> value) => writer.Write(value.Span);
}

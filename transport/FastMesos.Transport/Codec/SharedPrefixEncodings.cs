using System.Buffers;
using System.Runtime.CompilerServices;
using FastMesos.Messages;
using MessagePack;

namespace FastMesos.Transport.Codec;

/// <summary>
/// The encodings of the shared prefixes of <see cref="ISharedPrefixList{T}"/>s: each prefix array's
/// items written once by the formatter, then copied into every list that shares the array. Keyed
/// by the array instance and held only as long as the array lives (a Marathon app version's
/// template), so nothing here needs evicting. Thread-safe.
/// </summary>
internal sealed class SharedPrefixEncodings<T>
{
    private readonly ConditionalWeakTable<T[], byte[]> _encodings = [];
    private readonly ConditionalWeakTable<T[], byte[]>.CreateValueCallback _encode;

    public SharedPrefixEncodings(IMessageFormatter<T> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        _encode = prefix => Encode(prefix, formatter);
    }

    /// <summary>The bytes the formatter writes for <paramref name="prefix"/>'s items, one after the other, without an array header.</summary>
    public ReadOnlySpan<byte> Of(T[] prefix) => _encodings.GetValue(prefix, _encode);

    private static byte[] Encode(T[] prefix, IMessageFormatter<T> formatter)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        foreach (T item in prefix)
            formatter.Write(ref writer, in item);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}

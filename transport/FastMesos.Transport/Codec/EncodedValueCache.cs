using System.Buffers;
using System.IO.Hashing;
using System.Numerics;
using MessagePack;

namespace FastMesos.Transport.Codec;

/// <summary>
/// A bounded decode-side cache of immutable values keyed by their exact encoded bytes: offers and
/// registrations repeat the same resource bags and attributes (every agent of a shape sends the same
/// bytes), so a repeated encoding returns the value decoded the first time instead of allocating
/// its entries, lists and arrays again. Sharing is safe because the cached types are immutable and
/// decoding is a pure function of the bytes (the string pool changes only which equal strings are used).
/// <para>
/// Two-way set associative like <see cref="StringPool"/>, and hashed like it (XXH3 with the pool's
/// seed, random unless a test fixes it), so a peer cannot aim collisions at a slot; a collision costs
/// a miss (a normal decode), never a search. A hit compares every byte. Entries are immutable and
/// published by one reference write, so concurrent decoders at worst evict each other (or replace
/// each other's last entry, which then only misses).
/// </para>
/// </summary>
internal sealed class EncodedValueCache<T>
    where T : class
{
    private readonly Entry?[] _slots;
    private readonly int _mask;
    private readonly int _maxKeyBytes;
    private readonly long _seed;

    /// <summary>
    /// The entry the last lookup found or added. A list repeats one bag item after item (an agent's
    /// tasks in its re-registration, a million completed ones after a failover; offers of one agent
    /// shape), so the next item is first compared with it where it starts: a hit then costs one
    /// comparison instead of a walk to find the item's end, a hash and the comparison. MessagePack
    /// items are prefix-free, so bytes that begin with a whole cached encoding hold exactly that item
    /// (checked, depth included, when it was first decoded; a hit recurses into nothing).
    /// </summary>
    private Entry? _last;

    /// <param name="capacity">Slots, rounded up to a power of two; 0 disables the cache.</param>
    /// <param name="maxKeyBytes">Encodings longer than this are decoded afresh every time (bounds the memory: capacity × maxKeyBytes).</param>
    /// <param name="seed">The hash seed (the owning pool's).</param>
    public EncodedValueCache(int capacity, int maxKeyBytes, long seed)
    {
        int size = capacity == 0 ? 0 : (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, capacity));
        _slots = new Entry?[size];
        _mask = size - 1;
        _maxKeyBytes = size == 0 ? 0 : maxKeyBytes;
        _seed = seed;
    }

    /// <summary>
    /// The value the next MessagePack item decodes to: from the cache when these exact bytes were
    /// decoded before, else from <paramref name="decode"/> (then cached). Malformed input reaches
    /// <paramref name="decode"/> unchanged, so its errors name the same field as without the cache.
    /// </summary>
    public T GetOrDecode<TDecoder>(ref MessagePackReader reader, StringPool strings, TDecoder decode)
        where TDecoder : IMessageFormatter<T>
    {
        if (_maxKeyBytes == 0)
            return decode.Read(ref reader, strings);
        if (_last is { } last && StartsWith(ref reader, last.Key))
        {
            reader.ReadRaw(last.Key.Length);
            return last.Value;
        }

        // Find where the item ends without decoding it (depth-limited like every skip).
        MessagePackReader probe = reader;
        SequencePosition start = reader.Position;
        try
        {
            Wire.Skip(ref probe);
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            return decode.Read(ref reader, strings);
        }

        ReadOnlySequence<byte> encoded = reader.Sequence.Slice(start, probe.Position);
        // A key split over segments, or too long, is decoded afresh: rare, and not worth a copy.
        if (!encoded.IsSingleSegment || encoded.Length > _maxKeyBytes)
            return decode.Read(ref reader, strings);

        ReadOnlySpan<byte> key = encoded.FirstSpan;
        int hash = (int)XxHash3.HashToUInt64(key, _seed);
        int set = hash & _mask & ~1;
        Entry? first = _slots[set];
        if (first is not null && key.SequenceEqual(first.Key))
        {
            reader = probe;
            _last = first;
            return first.Value;
        }

        Entry? second = _slots[set + 1];
        if (second is not null && key.SequenceEqual(second.Key))
        {
            reader = probe;
            _last = second;
            return second.Value;
        }

        T value = decode.Read(ref reader, strings);
        int victim = first is null ? set : second is null ? set + 1 : set + ((hash >>> 31) & 1);
        var added = new Entry(key.ToArray(), value);
        _slots[victim] = added;
        _last = added;
        return value;
    }

    /// <summary>Whether the unread bytes of the reader's current segment begin with <paramref name="key"/> (false when they are split from it).</summary>
    private static bool StartsWith(ref MessagePackReader reader, byte[] key)
    {
        ReadOnlySequence<byte> sequence = reader.Sequence;
        ReadOnlySpan<byte> unread = sequence.IsSingleSegment
            ? sequence.FirstSpan[(int)reader.Consumed..]
            : sequence.Slice(reader.Position).FirstSpan;
        return unread.StartsWith(key);
    }

    private sealed class Entry(byte[] key, T value)
    {
        public byte[] Key { get; } = key;
        public T Value { get; } = value;
    }
}

using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace FastMesos.Transport.Codec;

/// <summary>
/// A bounded decode-side string cache: ids, roles and names repeat from message to message, so
/// decoding a repeated one returns the cached string instead of allocating a new one. This is what
/// makes steady-state decoding of acknowledgements and status updates allocation-free. It also
/// carries the decode side's value caches (resource bags, attributes: <see cref="EncodedValueCache{T}"/>),
/// so whatever a decoder is given for strings bounds those too.
/// <para>
/// Two-way set associative: a string lives in one of two slots of its set; a newcomer fills an
/// empty one or evicts one of the two. Lookups hash the decoded
/// characters with the runtime's randomized string hash, so a peer cannot aim collisions at a slot,
/// and a collision only costs a miss (an allocation, as without the pool), never a longer search.
/// Safe for concurrent use: slots hold immutable strings, and a racing write merely evicts.
/// </para>
/// </summary>
public sealed class StringPool
{
    /// <summary>The longest string (in UTF-8 bytes) any pool interns; longer ones are decoded afresh.</summary>
    public const int MaxInternedBytes = 256;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The longest encoding of a resource bag or an attribute list the value caches keep.</summary>
    internal const int MaxCachedValueBytes = 1024;

    private readonly string?[] _slots;
    private readonly int _mask;
    private readonly int _maxBytes;

    /// <param name="capacity">Slots, rounded up to a power of two; 0 disables interning.</param>
    /// <param name="maxBytes">Strings longer than this many UTF-8 bytes are not interned (at most <see cref="MaxInternedBytes"/>).</param>
    public StringPool(int capacity, int maxBytes = 128)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1 << 24);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBytes, MaxInternedBytes);
        int size = capacity == 0 ? 0 : (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, capacity));
        _slots = new string?[size];
        _mask = size - 1;
        _maxBytes = size == 0 ? 0 : maxBytes;
        // Bags and attribute lists repeat per agent shape, not per id: a sixteenth of the string
        // slots (256 for the shared pool, at most 256 KiB of keys each) holds a cluster's shapes.
        int values = size == 0 ? 0 : Math.Clamp(size / 16, 2, 4096);
        Resources = new EncodedValueCache<Messages.Resources>(values, MaxCachedValueBytes);
        Attributes = new EncodedValueCache<Messages.AgentAttributes>(values, MaxCachedValueBytes);
    }

    /// <summary>Decoded resource bags by their encoding (immutable, so shared between messages); disabled when the pool is.</summary>
    internal EncodedValueCache<Messages.Resources> Resources { get; }

    /// <summary>Decoded attribute lists by their encoding; disabled when the pool is.</summary>
    internal EncodedValueCache<Messages.AgentAttributes> Attributes { get; }

    /// <summary>
    /// The process-wide pool decoders use when the caller names none: 4096 slots of strings up to
    /// 128 bytes, at most about 1.5 MB however many connections share it.
    /// </summary>
    public static StringPool Shared { get; } = new(4096);

    /// <summary>A pool that interns nothing: every decoded string is new.</summary>
    public static StringPool None { get; } = new(0);

    /// <summary>The string the UTF-8 bytes spell, from the cache when it holds it. Invalid UTF-8 throws <see cref="MessageDecodeException"/>.</summary>
    public string GetOrAdd(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
            return string.Empty;
        if (utf8.Length > _maxBytes)
            return DecodeUncached(utf8);

        // A UTF-8 sequence never decodes to more UTF-16 chars than it has bytes.
        Span<char> chars = stackalloc char[MaxInternedBytes];
        if (Utf8.ToUtf16(utf8, chars, out _, out int written, replaceInvalidSequences: false) != OperationStatus.Done)
            ThrowInvalidUtf8();
        ReadOnlySpan<char> text = chars[..written];

        // Two-way set associative: a string may live in either slot of its pair, so two hot ids
        // whose hashes collide do not keep evicting each other.
        int hash = string.GetHashCode(text);
        int set = hash & _mask & ~1;
        string? first = _slots[set];
        if (first is not null && text.SequenceEqual(first))
            return first;
        string? second = _slots[set + 1];
        if (second is not null && text.SequenceEqual(second))
            return second;
        string created = new(text);
        int victim = first is null ? set : second is null ? set + 1 : set + ((hash >>> 31) & 1);
        _slots[victim] = created;
        return created;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string DecodeUncached(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            throw new MessageDecodeException("a string is not valid UTF-8", e);
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowInvalidUtf8() => throw new MessageDecodeException("a string is not valid UTF-8");
}

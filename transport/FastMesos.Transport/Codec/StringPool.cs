using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO.Hashing;
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
/// empty one or evicts one of the two. A lookup hashes the UTF-8 bytes as they arrive (XXH3, seeded
/// per pool) and keeps each slot's hash beside it, so a miss — most lookups of a unique task id,
/// which is most of what a launch carries — is decided without decoding the bytes or touching the
/// cached string, and a hit compares the bytes with the string without decoding them either.
/// Nothing depends on the hash beyond speed: a collision, aimed or not, only costs a miss (an
/// allocation, as without the pool), never a longer search.
/// Safe for concurrent use: slots hold immutable strings and every hit is verified against the
/// bytes, so a racing write (a slot and its hash from different writers) merely misses or evicts.
/// </para>
/// </summary>
public sealed class StringPool
{
    /// <summary>The longest string (in UTF-8 bytes) any pool interns; longer ones are decoded afresh.</summary>
    public const int MaxInternedBytes = 256;

    /// <summary>The longest encoding of a resource bag or an attribute list the value caches keep.</summary>
    internal const int MaxCachedValueBytes = 1024;

    private readonly string?[] _slots;

    /// <summary>The hash of each slot's string; a slot whose hash differs from a lookup's is not compared.</summary>
    private readonly uint[] _hashes;
    private readonly int _mask;
    private readonly int _maxBytes;
    private readonly long _seed;

    /// <param name="capacity">Slots, rounded up to a power of two; 0 disables interning.</param>
    /// <param name="maxBytes">Strings longer than this many UTF-8 bytes are not interned (at most <see cref="MaxInternedBytes"/>).</param>
    public StringPool(int capacity, int maxBytes = 128)
        : this(capacity, maxBytes, Random.Shared.NextInt64())
    {
    }

    /// <summary>
    /// A pool with a fixed hash seed, for tests: which strings share a slot pair depends on the seed,
    /// so a test that counts allocations must not leave it to chance whether three of its strings
    /// collide (then one of them is decoded afresh on every message).
    /// </summary>
    internal StringPool(int capacity, int maxBytes, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1 << 24);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBytes, MaxInternedBytes);
        int size = capacity == 0 ? 0 : (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, capacity));
        _slots = new string?[size];
        _hashes = new uint[size];
        _mask = size - 1;
        _maxBytes = size == 0 ? 0 : maxBytes;
        _seed = seed;
        // Bags and attribute lists repeat per agent or task shape, not per id: a sixteenth of the
        // string slots (256 for the shared pool, at most 256 KiB of keys each) holds a cluster's
        // shapes. The master's 65,536 slots give 4,096 here: a Marathon task's resources name its
        // host port, so a deploy's bags are many, and 256 slots missed most of them.
        int values = size == 0 ? 0 : Math.Clamp(size / 16, 2, 4096);
        Resources = new EncodedValueCache<Messages.Resources>(values, MaxCachedValueBytes, seed);
        Attributes = new EncodedValueCache<Messages.AgentAttributes>(values, MaxCachedValueBytes, seed);
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

    /// <summary>
    /// Decoders reading with this pool skip every <see cref="Messages.CommandInfo"/> (its bytes must
    /// still be well-formed MessagePack) and return <see cref="SkippedCommand"/> in its place: for
    /// a reader that never looks at commands and must not spend its CPU on them — the simulator's
    /// agents, which share two cores with the system they load. Never for a daemon: a command
    /// decoded this way is not validated.
    /// </summary>
    public bool SkipsCommands { get; init; }

    /// <summary>What a <see cref="SkipsCommands"/> pool's decoders give for every command: an empty one, shared.</summary>
    public static Messages.CommandInfo SkippedCommand { get; } = new();

    /// <summary>
    /// Decoders reading with this pool keep a <see cref="Messages.TaskInfo"/>'s command in its wire
    /// encoding (<see cref="Messages.CommandInfo.Encoded"/>) instead of decoding it: for the master,
    /// which only forwards a framework's commands to the agents. The bytes are still checked exactly
    /// as a decode would check them (the decoder runs over them with <see cref="Checking"/>), so a
    /// command the agent could not decode is refused at the master, naming the field, as before;
    /// what is saved is every string of its arguments and environment (most of them unique, so
    /// never interned), the objects that hold them, and encoding them again for the agent.
    /// </summary>
    public bool ForwardsCommands { get; init; }

    /// <summary>
    /// Checks strings without making them: a non-empty string is refused unless it is valid UTF-8,
    /// and comes back as <see cref="string.Empty"/>. Only for running a decoder to validate bytes
    /// whose decoded value is thrown away (<see cref="ForwardsCommands"/>).
    /// </summary>
    internal static StringPool Checking { get; } = new(checksOnly: true);

    /// <summary>True for <see cref="Checking"/>: its readers check what they read and keep none of it (lists decode empty).</summary>
    internal bool ChecksOnly { get; }

    private StringPool(bool checksOnly)
        : this(0, 0, 0) => ChecksOnly = checksOnly;

    /// <summary>The string the UTF-8 bytes spell, from the cache when it holds it. Invalid UTF-8 throws <see cref="MessageDecodeException"/>.</summary>
    public string GetOrAdd(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
            return string.Empty;
        if (utf8.Length > _maxBytes)
            return ChecksOnly ? Check(utf8) : Decode(utf8);

        // Two-way set associative: a string may live in either slot of its pair, so two hot ids
        // whose hashes collide do not keep evicting each other.
        uint hash = (uint)XxHash3.HashToUInt64(utf8, _seed);
        int set = (int)hash & _mask & ~1;
        string? first = _slots[set];
        if (_hashes[set] == hash && first is not null && Spells(first, utf8))
            return first;
        string? second = _slots[set + 1];
        if (_hashes[set + 1] == hash && second is not null && Spells(second, utf8))
            return second;
        string created = Decode(utf8);
        Place(set, hash, created, first, second);
        return created;
    }

    /// <summary>
    /// Pools a string this process made, so that decoding its bytes later returns this very
    /// string instead of a new one: a scheduler pools the ids of the tasks it launches, which come
    /// back in every status update. Does nothing for a string the pool would not intern (too long,
    /// or not valid UTF-16).
    /// </summary>
    public void Add(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        // A string never takes fewer UTF-8 bytes than it has chars: a longer one is never interned.
        if (value.Length == 0 || value.Length > _maxBytes)
            return;
        Span<byte> utf8 = stackalloc byte[MaxInternedBytes * 3];
        if (Utf8.FromUtf16(value, utf8, out _, out int written, replaceInvalidSequences: false) != OperationStatus.Done || written > _maxBytes)
            return;
        uint hash = (uint)XxHash3.HashToUInt64(utf8[..written], _seed);
        int set = (int)hash & _mask & ~1;
        string? first = _slots[set];
        string? second = _slots[set + 1];
        if ((_hashes[set] == hash && value.Equals(first)) || (_hashes[set + 1] == hash && value.Equals(second)))
            return;
        Place(set, hash, value, first, second);
    }

    /// <summary>Puts <paramref name="value"/> in an empty slot of <paramref name="set"/>'s pair, or over one of the two picked by the hash.</summary>
    private void Place(int set, uint hash, string value, string? first, string? second)
    {
        int victim = first is null ? set : second is null ? set + 1 : set + (int)(hash >>> 31);
        _hashes[victim] = hash;
        _slots[victim] = value;
    }

    /// <summary>True when <paramref name="cached"/> is what <paramref name="utf8"/> spells.</summary>
    private static bool Spells(string cached, ReadOnlySpan<byte> utf8) =>
        // Equal lengths in chars and bytes mean ASCII on both sides when they are equal at all
        // (any other character takes more bytes than chars), so an ASCII comparison decides.
        cached.Length == utf8.Length ? Ascii.Equals(utf8, cached) : SpellsNonAscii(cached, utf8);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool SpellsNonAscii(string cached, ReadOnlySpan<byte> utf8)
    {
        // A UTF-8 sequence never decodes to more UTF-16 chars than it has bytes.
        Span<char> chars = stackalloc char[MaxInternedBytes];
        return Utf8.ToUtf16(utf8, chars, out _, out int written, replaceInvalidSequences: false) == OperationStatus.Done
            && chars[..written].SequenceEqual(cached);
    }

    /// <summary>A new string of the bytes; invalid UTF-8 throws <see cref="MessageDecodeException"/>.</summary>
    private static string Decode(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
            ThrowInvalidUtf8();
        return Encoding.UTF8.GetString(utf8);
    }

    /// <summary>What <see cref="Checking"/> gives for a string: nothing, once the bytes are known to be valid UTF-8.</summary>
    private static string Check(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
            ThrowInvalidUtf8();
        return string.Empty;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowInvalidUtf8() => throw new MessageDecodeException("a string is not valid UTF-8");
}

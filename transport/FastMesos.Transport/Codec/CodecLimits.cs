using MessagePack;

namespace FastMesos.Transport.Codec;

/// <summary>
/// The bounds every decode enforces on untrusted payloads, so a hostile peer costs at most a closed
/// connection: memory is bounded by a small multiple of the payload size, work by its length, and
/// recursion by <see cref="MaxDepth"/>.
/// </summary>
public static class CodecLimits
{
    /// <summary>
    /// Deepest nesting of arrays a payload may use. The deepest legal message is about 10 levels
    /// (ACCEPT → operation → task → health check → command → environment → variable), so 32 leaves
    /// room for new fields while keeping recursion (decode and skip) shallow.
    /// </summary>
    public const int MaxDepth = 32;

    /// <summary>The most fields a composite may declare; readers skip the ones they do not know.</summary>
    public const int MaxFieldCount = 64;

    /// <summary>The most elements in any one list (offers, tasks, set items, ranges...).</summary>
    public const int MaxCollectionLength = 1 << 20;

    /// <summary>
    /// The longest list a decode rents from a pool (offers lent to a visitor); longer ones get a plain
    /// array the collector takes back. A master sends at most one offer per agent and role, so real
    /// batches fit, while a hostile frame of ~800k minimal offers cannot park a 50 MB array in a
    /// process-wide pool.
    /// </summary>
    public const int MaxPooledListLength = 4096;

    /// <summary>
    /// The most entries in one <c>Resources</c> bag. Building a bag (<c>Resources.From</c>) compares each
    /// entry with the ones before it, so a payload of many large bags buys quadratic work: a hostile
    /// 16 MB frame of 1024-entry bags took 4.9 s to decode, of 256-entry bags 1.8 s (64: 0.8 s).
    /// Real agents have tens of entries (names × reserved roles); 256 leaves room for many roles.
    /// </summary>
    public const int MaxResourceEntries = 256;

    /// <summary>
    /// MessagePack's untrusted-data settings with the depth above. <see cref="MessagePackSecurity.DepthStep"/>
    /// counts every array a reader enters, as MessagePack's own formatters do.
    /// </summary>
    public static MessagePackSecurity Security { get; } = MessagePackSecurity.UntrustedData.WithMaximumObjectGraphDepth(MaxDepth);
}

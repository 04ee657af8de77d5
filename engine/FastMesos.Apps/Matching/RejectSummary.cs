namespace FastMesos.Apps.Matching;

/// <summary>
/// Per app offer statistics behind <c>/v2/queue</c>'s <c>processedOffersSummary</c> (specs/marathon.md §6.1).
/// Funnel counting as Marathon does it: an offer rejected at reason R was <i>processed</i> by every
/// stage up to and including R and <i>declined</i> by R; a used offer was processed by every stage.
/// So <c>processed(R) - declined(R) = processed(next stage)</c>. Times are passed in (no clock).
/// Marathon keeps two of these per app (last offers, current launch attempt): hold two instances.
/// </summary>
public sealed class RejectSummary
{
    /// <summary>The number of real reasons (<see cref="NoMatchReason.None"/> excluded).</summary>
    public const int ReasonCount = (int)NoMatchReason.None;

    private readonly long[] _processed = new long[ReasonCount];
    private readonly long[] _declined = new long[ReasonCount];

    public long ProcessedOffersCount { get; private set; }
    public long UnusedOffersCount { get; private set; }
    public DateTimeOffset? LastUnusedOfferAt { get; private set; }
    public DateTimeOffset? LastUsedOfferAt { get; private set; }

    /// <summary>Counts one offer: used when <paramref name="reason"/> is <see cref="NoMatchReason.None"/>, else declined for it.</summary>
    public void Record(NoMatchReason reason, DateTimeOffset at)
    {
        if ((uint)reason > (uint)NoMatchReason.None)
            ThrowHelper.ArgumentOutOfRange(nameof(reason), "unknown reason");
        ProcessedOffersCount++;
        int last = reason == NoMatchReason.None ? ReasonCount - 1 : (int)reason;
        for (int i = 0; i <= last; i++)
            _processed[i]++;
        if (reason == NoMatchReason.None)
        {
            LastUsedOfferAt = at;
            return;
        }
        _declined[(int)reason]++;
        UnusedOffersCount++;
        LastUnusedOfferAt = at;
    }

    /// <summary>Offers that reached the check for <paramref name="reason"/>.</summary>
    public long Processed(NoMatchReason reason) => _processed[Index(reason)];

    /// <summary>Offers declined for <paramref name="reason"/>.</summary>
    public long Declined(NoMatchReason reason) => _declined[Index(reason)];

    /// <summary>Forgets everything (a new launch attempt).</summary>
    public void Reset()
    {
        Array.Clear(_processed);
        Array.Clear(_declined);
        ProcessedOffersCount = 0;
        UnusedOffersCount = 0;
        LastUnusedOfferAt = null;
        LastUsedOfferAt = null;
    }

    private static int Index(NoMatchReason reason)
    {
        if ((uint)reason >= ReasonCount)
            ThrowHelper.ArgumentOutOfRange(nameof(reason), "not a reject reason");
        return (int)reason;
    }
}

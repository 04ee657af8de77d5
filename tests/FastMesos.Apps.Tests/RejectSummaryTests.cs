using FastMesos.Apps.Matching;

namespace FastMesos.Apps.Tests;

public sealed class RejectSummaryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Counts_follow_the_funnel()
    {
        var s = new RejectSummary();
        s.Record(NoMatchReason.UnfulfilledRole, T0);
        s.Record(NoMatchReason.InsufficientCpus, T0.AddSeconds(1));
        s.Record(NoMatchReason.InsufficientCpus, T0.AddSeconds(2));
        s.Record(NoMatchReason.None, T0.AddSeconds(3));

        Assert.Equal(4, s.ProcessedOffersCount);
        Assert.Equal(3, s.UnusedOffersCount);
        Assert.Equal(T0.AddSeconds(2), s.LastUnusedOfferAt);
        Assert.Equal(T0.AddSeconds(3), s.LastUsedOfferAt);

        Assert.Equal(4, s.Processed(NoMatchReason.UnfulfilledRole));
        Assert.Equal(1, s.Declined(NoMatchReason.UnfulfilledRole));
        Assert.Equal(3, s.Processed(NoMatchReason.UnfulfilledConstraint));
        Assert.Equal(0, s.Declined(NoMatchReason.UnfulfilledConstraint));
        Assert.Equal(3, s.Processed(NoMatchReason.InsufficientCpus));
        Assert.Equal(2, s.Declined(NoMatchReason.InsufficientCpus));
        Assert.Equal(1, s.Processed(NoMatchReason.InsufficientMemory));
        Assert.Equal(1, s.Processed(NoMatchReason.DeclinedScarceResources));
        for (NoMatchReason r = NoMatchReason.UnfulfilledRole; r < NoMatchReason.DeclinedScarceResources; r++)
            Assert.Equal(s.Processed(r) - s.Declined(r), s.Processed(r + 1));
    }

    [Fact]
    public void Reset_forgets_everything()
    {
        var s = new RejectSummary();
        s.Record(NoMatchReason.InsufficientPorts, T0);
        s.Reset();
        Assert.Equal(0, s.ProcessedOffersCount);
        Assert.Null(s.LastUnusedOfferAt);
        Assert.Equal(0, s.Declined(NoMatchReason.InsufficientPorts));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Processed(NoMatchReason.None));
    }
}

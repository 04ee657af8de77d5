using FastMesos.Apps.Launching;

namespace FastMesos.Apps.Tests;

// specs/marathon.md §6.3.
public sealed class LaunchingUnreachableStrategyTests
{
    static readonly DateTimeOffset Since = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(299, UnreachableDecision.Stay)]
    [InlineData(300, UnreachableDecision.Inactive)]
    [InlineData(599, UnreachableDecision.Inactive)]
    [InlineData(600, UnreachableDecision.Expunge)]
    public void Inactive_then_expunge(int seconds, UnreachableDecision decision) =>
        Assert.Equal(decision, new UnreachableStrategy(300, 600).Decide(Since, Since.AddSeconds(seconds)));

    [Fact]
    public void Equal_times_expunge_without_an_inactive_phase()
    {
        var s = new UnreachableStrategy(60, 60);
        Assert.Equal(UnreachableDecision.Stay, s.Decide(Since, Since.AddSeconds(59)));
        Assert.Equal(UnreachableDecision.Expunge, s.Decide(Since, Since.AddSeconds(60)));
        Assert.Equal(UnreachableDecision.Expunge, UnreachableStrategy.Default.Decide(Since, Since));
    }

    [Fact]
    public void Disabled_waits_forever() =>
        Assert.Equal(UnreachableDecision.Stay, UnreachableStrategy.DisabledStrategy.Decide(Since, Since.AddDays(365)));
}

using FastMesos.Marathon.Runtime;

namespace FastMesos.Marathon.Tests;

/// <summary>--min_revive_offers_interval: one REVIVE per interval, the asks inside it folded into one at its end.</summary>
public sealed class ReviveThrottleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 20, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Fact]
    public void The_first_ask_goes_at_once_and_asks_inside_the_interval_arm_one_timer_for_its_end()
    {
        var throttle = new ReviveThrottle(Interval);
        Assert.True(throttle.TryRevive(T0, out TimeSpan? timer));
        Assert.Null(timer);
        Assert.Equal(T0, throttle.LastRevive);

        Assert.False(throttle.TryRevive(T0.AddSeconds(1), out timer));
        Assert.Equal(TimeSpan.FromSeconds(4), timer);
        // Later asks in the same interval ride on that timer.
        Assert.False(throttle.TryRevive(T0.AddSeconds(2), out timer));
        Assert.Null(timer);
        Assert.False(throttle.TryRevive(T0.AddSeconds(4.9), out timer));
        Assert.Null(timer);

        // The timer fires at the interval's end: the folded ask goes.
        throttle.TimerFired();
        Assert.True(throttle.TryRevive(T0.AddSeconds(5), out timer));
        Assert.Null(timer);
        Assert.Equal(T0.AddSeconds(5), throttle.LastRevive);
    }

    [Fact]
    public void A_timer_that_fired_early_arms_again_for_the_rest()
    {
        var throttle = new ReviveThrottle(Interval);
        Assert.True(throttle.TryRevive(T0, out _));
        Assert.False(throttle.TryRevive(T0.AddSeconds(1), out TimeSpan? timer));
        Assert.Equal(TimeSpan.FromSeconds(4), timer);
        throttle.TimerFired();
        Assert.False(throttle.TryRevive(T0.AddSeconds(4.5), out timer));
        Assert.Equal(TimeSpan.FromSeconds(0.5), timer);
    }

    [Fact]
    public void An_ask_after_a_quiet_interval_goes_at_once()
    {
        var throttle = new ReviveThrottle(Interval);
        Assert.True(throttle.TryRevive(T0, out _));
        Assert.True(throttle.TryRevive(T0.AddSeconds(6), out TimeSpan? timer));
        Assert.Null(timer);
        Assert.Equal(T0.AddSeconds(6), throttle.LastRevive);
    }

    [Fact]
    public void A_zero_interval_never_holds_a_revive_back()
    {
        var throttle = new ReviveThrottle(TimeSpan.Zero);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(throttle.TryRevive(T0, out TimeSpan? timer));
            Assert.Null(timer);
        }
    }
}

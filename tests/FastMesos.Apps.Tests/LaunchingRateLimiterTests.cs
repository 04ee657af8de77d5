using FastMesos.Apps.Launching;

namespace FastMesos.Apps.Tests;

// specs/marathon.md §6.1 backoff and §14 scenario #29.
public sealed class LaunchingRateLimiterTests
{
    static readonly DateTimeOffset V1 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset V2 = V1.AddHours(1);
    static readonly DateTimeOffset T0 = V1.AddDays(1);

    [Fact]
    public void Delays_grow_by_the_factor_up_to_the_cap()
    {
        var limiter = new RateLimiter();
        DateTimeOffset now = T0;
        var delays = new List<double>();
        for (int i = 0; i < 60; i++)
        {
            LaunchDelay d = limiter.RecordFailure("/app", V1, BackoffStrategy.Default, now);
            delays.Add(d.Delay.TotalSeconds);
            // The next failure happens right when the launch is allowed again.
            now = d.Deadline;
        }
        Assert.Equal(1.0, delays[0], 6);
        Assert.Equal(1.15, delays[1], 6);
        Assert.Equal(1.3225, delays[2], 6);
        Assert.Equal(1.520875, delays[3], 6);
        Assert.Equal(300, delays[^1], 6);
        for (int i = 1; i < delays.Count; i++)
            Assert.True(delays[i] >= delays[i - 1] && delays[i] <= 300);
    }

    [Fact]
    public void The_first_delay_is_capped_too()
    {
        var limiter = new RateLimiter();
        LaunchDelay d = limiter.RecordFailure("/app", V1, new BackoffStrategy(600, 2, 120), T0);
        Assert.Equal(TimeSpan.FromSeconds(120), d.Delay);
    }

    [Fact]
    public void Launches_wait_until_the_deadline_and_the_queue_shows_the_time_left()
    {
        var limiter = new RateLimiter();
        var strategy = new BackoffStrategy(10, 2, 300);
        Assert.True(limiter.IsReady("/app", V1, T0));
        Assert.Equal(new QueueDelay(TimeSpan.Zero, true), limiter.QueueDelay("/app", V1, T0));

        limiter.RecordFailure("/app", V1, strategy, T0);
        Assert.False(limiter.IsReady("/app", V1, T0.AddSeconds(9.9)));
        QueueDelay q = limiter.QueueDelay("/app", V1, T0.AddSeconds(2.5));
        Assert.False(q.Overdue);
        Assert.Equal(7, q.TimeLeftSeconds);
        Assert.Equal(TimeSpan.FromSeconds(7.5), q.TimeLeft);

        Assert.True(limiter.IsReady("/app", V1, T0.AddSeconds(10)));
        Assert.True(limiter.QueueDelay("/app", V1, T0.AddSeconds(10)).Overdue);
        // Other apps are not delayed.
        Assert.True(limiter.IsReady("/other", V1, T0));
    }

    [Fact]
    public void A_new_version_starts_without_delay()
    {
        var limiter = new RateLimiter();
        var strategy = new BackoffStrategy(10, 2, 300);
        limiter.RecordFailure("/app", V1, strategy, T0);
        limiter.RecordFailure("/app", V1, strategy, T0.AddSeconds(10));
        Assert.True(limiter.IsReady("/app", V2, T0.AddSeconds(11)));
        Assert.Equal(TimeSpan.FromSeconds(10), limiter.RecordFailure("/app", V2, strategy, T0.AddSeconds(11)).Delay);
    }

    [Fact]
    public void An_explicit_reset_allows_an_immediate_launch()
    {
        var limiter = new RateLimiter();
        limiter.RecordFailure("/app", V1, BackoffStrategy.Default, T0);
        Assert.False(limiter.IsReady("/app", V1, T0));
        Assert.True(limiter.Reset("/app"));
        Assert.True(limiter.IsReady("/app", V1, T0));
        Assert.False(limiter.Reset("/app"));
    }

    [Fact]
    public void A_delay_expires_after_delay_plus_max_launch_delay_without_failures()
    {
        var strategy = new BackoffStrategy(10, 2, 100);
        // Two failures: a 20 s delay from T0+10, so it expires at T0+10 + 20 + 100 = T0+130.
        RateLimiter TwoFailures()
        {
            var limiter = new RateLimiter();
            limiter.RecordFailure("/app", V1, strategy, T0);
            limiter.RecordFailure("/app", V1, strategy, T0.AddSeconds(10));
            return limiter;
        }

        Assert.Equal(TimeSpan.FromSeconds(40), TwoFailures().RecordFailure("/app", V1, strategy, T0.AddSeconds(129)).Delay);
        Assert.Equal(TimeSpan.FromSeconds(10), TwoFailures().RecordFailure("/app", V1, strategy, T0.AddSeconds(130)).Delay);

        RateLimiter purged = TwoFailures();
        Assert.Equal(0, purged.Purge(T0.AddSeconds(129)));
        Assert.Equal(1, purged.Purge(T0.AddSeconds(130)));
        Assert.Equal(0, purged.Count);
    }
}

namespace FastMesos.Apps.Launching;

/// <summary>
/// The backoff of one app version: the last failure's time and the current delay. Launches wait until
/// <see cref="Deadline"/>; the delay is forgotten when no failure happened for delay + maxLaunchDelay.
/// </summary>
/// <param name="Version">The app version the delay belongs to; a new version starts without delay.</param>
/// <param name="LastFailure">When the last failure was recorded.</param>
/// <param name="Delay">The current delay.</param>
/// <param name="MaxLaunchDelay">The app's maxLaunchDelay.</param>
public readonly record struct LaunchDelay(DateTimeOffset Version, DateTimeOffset LastFailure, TimeSpan Delay, TimeSpan MaxLaunchDelay)
{
    /// <summary>The earliest time a launch may happen.</summary>
    public DateTimeOffset Deadline => LastFailure + Delay;

    /// <summary>Whether the delay has run out without a new failure for so long that it resets.</summary>
    public bool IsExpired(DateTimeOffset now) => now >= LastFailure + Delay + MaxLaunchDelay;

    /// <summary>The first delay after a failure at <paramref name="now"/>: min(backoffSeconds, max).</summary>
    public static LaunchDelay First(DateTimeOffset version, BackoffStrategy strategy, DateTimeOffset now)
    {
        TimeSpan max = TimeSpan.FromSeconds(strategy.MaxLaunchDelaySeconds);
        TimeSpan delay = TimeSpan.FromSeconds(Math.Min(strategy.BackoffSeconds, strategy.MaxLaunchDelaySeconds));
        return new LaunchDelay(version, now, delay, max);
    }

    /// <summary>The delay after one more failure at <paramref name="now"/>: min(max, delay × factor).</summary>
    public LaunchDelay Increased(BackoffStrategy strategy, DateTimeOffset now)
    {
        TimeSpan max = TimeSpan.FromSeconds(strategy.MaxLaunchDelaySeconds);
        // Ticks (100 ns) keep the product exact enough: 1.15^n stays well inside a long.
        double ticks = Delay.Ticks * strategy.Factor;
        TimeSpan next = ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
        return new LaunchDelay(Version, now, next, max);
    }
}

namespace FastMesos.Transport.Connections;

/// <summary>Exponential backoff with full jitter: a uniform delay in [0, min(max, base · 2^attempt)).</summary>
/// <remarks>
/// Full jitter spreads reconnecting clients over the whole window, so ten thousand agents that lost
/// the master at the same moment do not come back in lockstep (the AWS architecture blog's
/// "Exponential Backoff And Jitter" compares the variants; full jitter does the least work).
/// </remarks>
public static class Backoff
{
    // 2^30 · 1 ms is twelve days: past any sane maximum, and the shift cannot overflow.
    private const int MaxExponent = 30;

    /// <summary>The upper bound of the delay before retry number <paramref name="attempt"/> (0-based).</summary>
    public static TimeSpan Ceiling(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        int exponent = Math.Clamp(attempt, 0, MaxExponent);
        double ticks = baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>A delay drawn uniformly below <see cref="Ceiling"/> with <paramref name="random"/>.</summary>
    public static TimeSpan FullJitter(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, Random random) =>
        TimeSpan.FromTicks((long)(random.NextDouble() * Ceiling(attempt, baseDelay, maxDelay).Ticks));
}

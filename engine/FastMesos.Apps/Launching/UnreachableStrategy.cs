namespace FastMesos.Apps.Launching;

/// <summary>
/// An app's <c>unreachableStrategy</c>: <c>{inactiveAfterSeconds, expungeAfterSeconds}</c> (defaults 0, 0)
/// or <c>"disabled"</c> (required for resident apps: they wait for their agent forever).
/// </summary>
/// <param name="InactiveAfterSeconds">After this long unreachable, the instance is replaced.</param>
/// <param name="ExpungeAfterSeconds">After this long unreachable, the instance is expunged (≥ inactiveAfterSeconds).</param>
/// <param name="Disabled">The <c>"disabled"</c> strategy: never replaced nor expunged.</param>
public readonly record struct UnreachableStrategy(double InactiveAfterSeconds, double ExpungeAfterSeconds, bool Disabled = false)
{
    /// <summary>Marathon's default <c>{0, 0}</c>.</summary>
    public static UnreachableStrategy Default => new(0, 0);

    /// <summary>The <c>"disabled"</c> strategy.</summary>
    public static UnreachableStrategy DisabledStrategy => new(0, 0, true);

    /// <summary>
    /// Decides the fate of an instance unreachable since <paramref name="unreachableSince"/> at
    /// <paramref name="now"/>. Equal inactive and expunge times expunge at once, without an inactive
    /// phase (keeps UNIQUE/GROUP_BY placements free for the replacement). Boundaries are inclusive.
    /// </summary>
    public UnreachableDecision Decide(DateTimeOffset unreachableSince, DateTimeOffset now)
    {
        if (Disabled)
            return UnreachableDecision.Stay;
        // Expunge is checked first, so equal times never pass through Inactive.
        TimeSpan unreachableFor = now - unreachableSince;
        if (unreachableFor >= TimeSpan.FromSeconds(ExpungeAfterSeconds))
            return UnreachableDecision.Expunge;
        if (unreachableFor >= TimeSpan.FromSeconds(InactiveAfterSeconds))
            return UnreachableDecision.Inactive;
        return UnreachableDecision.Stay;
    }
}

namespace FastMesos.Apps.Launching;

/// <summary>The <c>delay</c> object of a <c>/v2/queue</c> item.</summary>
/// <param name="TimeLeft">Time until launches may resume (zero when ready).</param>
/// <param name="Overdue">True when launches may happen now (no delay, or its deadline passed).</param>
public readonly record struct QueueDelay(TimeSpan TimeLeft, bool Overdue)
{
    /// <summary>Whole seconds left, as Marathon writes <c>timeLeftSeconds</c> (truncated, never negative).</summary>
    public long TimeLeftSeconds => (long)TimeLeft.TotalSeconds;
}

namespace FastMesos.Apps.Launching;

/// <summary>An app's launch backoff settings (<c>backoffSeconds</c>, <c>backoffFactor</c>, <c>maxLaunchDelaySeconds</c>).</summary>
/// <param name="BackoffSeconds">The first delay, seconds (default 1).</param>
/// <param name="Factor">The delay's growth per failure (default 1.15).</param>
/// <param name="MaxLaunchDelaySeconds">The cap on the delay, seconds (default 300).</param>
public readonly record struct BackoffStrategy(double BackoffSeconds, double Factor, double MaxLaunchDelaySeconds)
{
    /// <summary>Marathon's defaults: 1 s, ×1.15, at most 300 s.</summary>
    public static BackoffStrategy Default => new(1, 1.15, 300);
}

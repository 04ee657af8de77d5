namespace FastMesos.Transport.Connections;

/// <summary>How a <see cref="ReconnectingDialer"/> spaces its attempts.</summary>
public sealed class ReconnectOptions
{
    /// <summary>The backoff ceiling of the first retry. Default 100 ms.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The largest backoff ceiling. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Seeds the jitter, for reproducible runs; null seeds from the system.</summary>
    public int? Seed { get; init; }

    /// <summary>The clock the delays run on.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

namespace FastMesos.Hosting.Metrics;

/// <summary>Where and how often a <see cref="StatsdReporter"/> sends, and in which dialect.</summary>
public sealed record StatsdReporterOptions
{
    /// <summary>Safe UDP payload on a 1500-byte MTU path, as StatsD clients use: never fragmented.</summary>
    public const int DefaultMaxDatagramBytes = 1432;

    public required string Host { get; init; }

    public required int Port { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// DataDog's dialect: each line ends with <c>|#tag1,tag2</c> (DogStatsD). Empty: plain StatsD.
    /// Tags are sent only when there are some, so an empty list is exactly StatsD.
    /// </summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The most bytes in one datagram; lines are batched up to it, newline-separated.</summary>
    public int MaxDatagramBytes { get; init; } = DefaultMaxDatagramBytes;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public Action<string>? Log { get; init; }
}

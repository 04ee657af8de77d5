using System.Text.Json.Serialization;

namespace FastMesos.Simulator.Events;

/// <summary>One run of <c>fastmesos sim events</c>; serialized as the last line with --json.</summary>
public sealed record EventsBenchResult
{
    [JsonPropertyName("subscribers")] public required int Subscribers { get; init; }
    [JsonPropertyName("rate")] public required int Rate { get; init; }
    [JsonPropertyName("seconds")] public required int Seconds { get; init; }

    /// <summary>Measured events published (the warm-up's not counted) and the rate actually achieved.</summary>
    [JsonPropertyName("events_published")] public required long EventsPublished { get; init; }
    [JsonPropertyName("publish_rate")] public required double PublishRate { get; init; }

    /// <summary>Event deliveries counted at the subscribers, of <c>expected</c> = events × subscribers.</summary>
    [JsonPropertyName("delivered")] public required long Delivered { get; init; }
    [JsonPropertyName("expected")] public required long Expected { get; init; }
    [JsonPropertyName("dropped")] public required long Dropped { get; init; }

    /// <summary>Subscribers whose stream the server ended (a full queue drops a slow client).</summary>
    [JsonPropertyName("disconnected")] public required int Disconnected { get; init; }

    /// <summary>Publish → parsed at the subscriber, over every delivery, milliseconds.</summary>
    [JsonPropertyName("p50_ms")] public required double P50Ms { get; init; }
    [JsonPropertyName("p99_ms")] public required double P99Ms { get; init; }
    [JsonPropertyName("p999_ms")] public required double P999Ms { get; init; }
    [JsonPropertyName("max_ms")] public required double MaxMs { get; init; }

    /// <summary>Process CPU over the measured phase (server, bus, publisher and the subscribers share the process).</summary>
    [JsonPropertyName("cpu_seconds")] public required double CpuSeconds { get; init; }
    [JsonPropertyName("allocated_bytes")] public required long AllocatedBytes { get; init; }
    [JsonPropertyName("gc0")] public required int Gc0 { get; init; }
    [JsonPropertyName("ok")] public required bool Ok { get; init; }
}

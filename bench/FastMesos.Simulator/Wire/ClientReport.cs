using System.Text.Json.Serialization;

namespace FastMesos.Simulator.Wire;

/// <summary>What the client process prints as its last stdout line: its view of the measured window.</summary>
internal sealed record ClientReport
{
    [JsonPropertyName("mode")] public required string Mode { get; init; }
    [JsonPropertyName("connections")] public int Connections { get; init; }
    [JsonPropertyName("dial_ms")] public double DialMs { get; init; }
    [JsonPropertyName("window_seconds")] public double WindowSeconds { get; init; }
    [JsonPropertyName("pongs")] public long Pongs { get; init; }
    [JsonPropertyName("closed_connections")] public long ClosedConnections { get; init; }
    [JsonPropertyName("rtt_samples")] public int RttSamples { get; init; }
    [JsonPropertyName("p50_rtt_us")] public double P50RttUs { get; init; }
    [JsonPropertyName("p90_rtt_us")] public double P90RttUs { get; init; }
    [JsonPropertyName("p99_rtt_us")] public double P99RttUs { get; init; }
    [JsonPropertyName("p999_rtt_us")] public double P999RttUs { get; init; }
    [JsonPropertyName("scheduled_sent")] public long ScheduledSent { get; init; }
    [JsonPropertyName("scheduled_skipped")] public long ScheduledSkipped { get; init; }
    [JsonPropertyName("max_rtt_us")] public double MaxRttUs { get; init; }
    [JsonPropertyName("cpu_us")] public double CpuUs { get; init; }
}

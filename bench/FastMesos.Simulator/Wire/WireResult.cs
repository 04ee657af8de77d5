using System.Text.Json.Serialization;

namespace FastMesos.Simulator.Wire;

/// <summary>The figures of one `sim wire` run (FastMesos and the floor); serialized as the last JSON line with snake_case names.</summary>
internal sealed record WireResult
{
    [JsonPropertyName("connections")] public int Connections { get; init; }
    [JsonPropertyName("seconds")] public int Seconds { get; init; }
    [JsonPropertyName("window")] public int Window { get; init; }
    [JsonPropertyName("rate")] public int Rate { get; init; }
    // Both processes, both modes: socket continuations on the runtime's event threads (as the master runs).
    [JsonPropertyName("inline_completions")] public bool InlineCompletions { get; init; }
    [JsonPropertyName("message_bytes")] public int MessageBytes { get; init; }
    [JsonPropertyName("floor_message_bytes")] public int FloorMessageBytes { get; init; }
    [JsonPropertyName("messages")] public long Messages { get; init; }
    [JsonPropertyName("msgs_per_sec")] public double MsgsPerSec { get; init; }
    [JsonPropertyName("cpu_us_per_msg")] public double CpuUsPerMsg { get; init; }
    [JsonPropertyName("client_cpu_us_per_msg")] public double ClientCpuUsPerMsg { get; init; }
    [JsonPropertyName("p50_rtt_us")] public double P50RttUs { get; init; }
    [JsonPropertyName("p99_rtt_us")] public double P99RttUs { get; init; }
    [JsonPropertyName("p999_rtt_us")] public double P999RttUs { get; init; }
    [JsonPropertyName("max_rtt_us")] public double MaxRttUs { get; init; }
    [JsonPropertyName("rtt_samples")] public int RttSamples { get; init; }
    [JsonPropertyName("skipped_pings")] public long SkippedPings { get; init; }
    [JsonPropertyName("allocated_bytes_per_msg")] public double AllocatedBytesPerMsg { get; init; }
    [JsonPropertyName("gen0_collections")] public int Gen0Collections { get; init; }
    [JsonPropertyName("gen1_collections")] public int Gen1Collections { get; init; }
    [JsonPropertyName("gen2_collections")] public int Gen2Collections { get; init; }
    [JsonPropertyName("dial_ms")] public double DialMs { get; init; }
    [JsonPropertyName("closed_connections")] public long ClosedConnections { get; init; }
    [JsonPropertyName("refused_sends")] public long RefusedSends { get; init; }
    [JsonPropertyName("floor_messages")] public long FloorMessages { get; init; }
    [JsonPropertyName("floor_msgs_per_sec")] public double FloorMsgsPerSec { get; init; }
    [JsonPropertyName("floor_cpu_us_per_msg")] public double FloorCpuUsPerMsg { get; init; }
    [JsonPropertyName("floor_p50_rtt_us")] public double FloorP50RttUs { get; init; }
    [JsonPropertyName("floor_p99_rtt_us")] public double FloorP99RttUs { get; init; }
    [JsonPropertyName("floor_p999_rtt_us")] public double FloorP999RttUs { get; init; }
    [JsonPropertyName("floor_allocated_bytes_per_msg")] public double FloorAllocatedBytesPerMsg { get; init; }
    [JsonPropertyName("floor_closed_connections")] public long FloorClosedConnections { get; init; }
    [JsonPropertyName("ratio_to_floor")] public double RatioToFloor { get; init; }
    [JsonPropertyName("cpu_ratio_to_floor")] public double CpuRatioToFloor { get; init; }

    public static WireResult From(WireSpec spec, int messageBytes, ModeMeasurement fm, ModeMeasurement floor) => new()
    {
        Connections = spec.Connections,
        Seconds = spec.Seconds,
        Window = spec.Window,
        Rate = spec.Rate,
        InlineCompletions = FastMesos.Hosting.InlineSocketCompletions.Enabled,
        MessageBytes = messageBytes,
        FloorMessageBytes = spec.Size,
        Messages = fm.Messages,
        MsgsPerSec = Math.Round(fm.MsgsPerSec, 1),
        CpuUsPerMsg = Math.Round(fm.CpuUsPerMsg, 4),
        ClientCpuUsPerMsg = Math.Round(fm.ClientCpuUsPerMsg, 4),
        P50RttUs = Math.Round(fm.Client.P50RttUs, 1),
        P99RttUs = Math.Round(fm.Client.P99RttUs, 1),
        P999RttUs = Math.Round(fm.Client.P999RttUs, 1),
        MaxRttUs = Math.Round(fm.Client.MaxRttUs, 1),
        RttSamples = fm.Client.RttSamples,
        SkippedPings = fm.Client.ScheduledSkipped,
        AllocatedBytesPerMsg = Math.Round(fm.AllocatedBytesPerMsg, 3),
        Gen0Collections = fm.Gen0Collections,
        Gen1Collections = fm.Gen1Collections,
        Gen2Collections = fm.Gen2Collections,
        DialMs = Math.Round(fm.Client.DialMs, 1),
        ClosedConnections = fm.Client.ClosedConnections,
        RefusedSends = fm.RefusedSends,
        FloorMessages = floor.Messages,
        FloorMsgsPerSec = Math.Round(floor.MsgsPerSec, 1),
        FloorCpuUsPerMsg = Math.Round(floor.CpuUsPerMsg, 4),
        FloorP50RttUs = Math.Round(floor.Client.P50RttUs, 1),
        FloorP99RttUs = Math.Round(floor.Client.P99RttUs, 1),
        FloorP999RttUs = Math.Round(floor.Client.P999RttUs, 1),
        FloorAllocatedBytesPerMsg = Math.Round(floor.AllocatedBytesPerMsg, 3),
        FloorClosedConnections = floor.Client.ClosedConnections,
        RatioToFloor = floor.MsgsPerSec > 0 ? Math.Round(fm.MsgsPerSec / floor.MsgsPerSec, 3) : 0,
        CpuRatioToFloor = floor.CpuUsPerMsg > 0 ? Math.Round(fm.CpuUsPerMsg / floor.CpuUsPerMsg, 3) : 0,
    };
}

using System.Text.Json.Serialization;

namespace FastMesos.Simulator.Cluster;

/// <summary>What a <c>sim cluster-agents</c> process answers to <c>stats</c>: its counters, CPU and heartbeat histogram.</summary>
internal sealed record AgentsReport
{
    [JsonPropertyName("agents")] public int Agents { get; init; }
    [JsonPropertyName("registered")] public long Registered { get; init; }
    [JsonPropertyName("tasks")] public int Tasks { get; init; }
    [JsonPropertyName("launched")] public long Launched { get; init; }
    [JsonPropertyName("updates_queued")] public long UpdatesQueued { get; init; }
    [JsonPropertyName("updates_acked")] public long UpdatesAcked { get; init; }
    [JsonPropertyName("update_retries")] public long UpdateRetries { get; init; }
    [JsonPropertyName("pings")] public long Pings { get; init; }
    [JsonPropertyName("datagram_pings")] public long DatagramPings { get; init; }
    [JsonPropertyName("disconnects")] public long Disconnects { get; init; }
    [JsonPropertyName("unexpected")] public long Unexpected { get; init; }
    [JsonPropertyName("cpu_seconds")] public double CpuSeconds { get; init; }
    [JsonPropertyName("rss_bytes")] public long RssBytes { get; init; }
    [JsonPropertyName("gc_heap_bytes")] public long GcHeapBytes { get; init; }

    /// <summary>The heartbeat latency histogram since the last <c>reset</c> (<see cref="PingLatency.Export"/>).</summary>
    [JsonPropertyName("ping_histogram")] public string PingHistogram { get; init; } = "";

    /// <summary>The datagram pings' latency to their arrival at the socket (<see cref="AgentFleet.ArrivalLatency"/>).</summary>
    [JsonPropertyName("arrival_histogram")] public string ArrivalHistogram { get; init; } = "";

    /// <summary>
    /// The latest dial round's start and each answer's time, as raw <see cref="System.Diagnostics.Stopwatch"/>
    /// timestamps: on Linux that is CLOCK_MONOTONIC, one clock for every process of the machine, so
    /// the runner can put the processes' answers on one time axis.
    /// </summary>
    [JsonPropertyName("dial_started_at")] public long DialStartedAt { get; init; }
    [JsonPropertyName("registered_at")] public long[] RegisteredAt { get; init; } = [];
}

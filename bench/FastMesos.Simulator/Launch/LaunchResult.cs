using System.Text.Json.Serialization;

namespace FastMesos.Simulator.Launch;

/// <summary>
/// One run of scenario B. The keys shared with <c>sim cluster</c> (<c>scenario, agents, transport,
/// registered, seconds, master_cpu_seconds, master_rss_mb, tasks, tasks_running, tasks_per_sec,
/// ok</c>) mean the same, so the cluster check reads both.
/// </summary>
internal sealed record LaunchResult
{
    [JsonPropertyName("scenario")] public string Scenario { get; init; } = "launch-inproc";
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("agents")] public int Agents { get; init; }
    [JsonPropertyName("frameworks")] public int Frameworks { get; init; }
    [JsonPropertyName("transport")] public string Transport { get; init; } = "none";
    [JsonPropertyName("registered")] public int Registered { get; init; }

    /// <summary>From the first allocation run to the last task RUNNING at its framework.</summary>
    [JsonPropertyName("seconds")] public double Seconds { get; init; }

    /// <summary>The process's CPU over the same span: master and fake peers share one thread.</summary>
    [JsonPropertyName("master_cpu_seconds")] public double MasterCpuSeconds { get; init; }
    [JsonPropertyName("master_rss_mb")] public double MasterRssMb { get; init; }
    [JsonPropertyName("tasks")] public long Tasks { get; init; }
    [JsonPropertyName("tasks_running")] public long TasksRunning { get; init; }
    [JsonPropertyName("tasks_per_sec")] public double TasksPerSec { get; init; }

    /// <summary>Accept sent → TASK_RUNNING at the framework, per task.</summary>
    [JsonPropertyName("p50_ms")] public double P50Ms { get; init; }
    [JsonPropertyName("p99_ms")] public double P99Ms { get; init; }
    [JsonPropertyName("max_ms")] public double MaxMs { get; init; }
    [JsonPropertyName("allocation_runs")] public int AllocationRuns { get; init; }
    [JsonPropertyName("offers")] public long Offers { get; init; }

    /// <summary>Managed bytes allocated during the run per task, master and fake peers together.</summary>
    [JsonPropertyName("allocated_bytes_per_task")] public double AllocatedBytesPerTask { get; init; }

    /// <summary>Of those, the bytes allocated inside the master's calls (its records, sends, allocator bookkeeping).</summary>
    [JsonPropertyName("master_allocated_bytes_per_task")] public double MasterAllocatedBytesPerTask { get; init; }

    /// <summary>Managed heap after a full collection, beyond the heap before the run, per task RUNNING.</summary>
    [JsonPropertyName("retained_bytes_per_task")] public double RetainedBytesPerTask { get; init; }
    [JsonPropertyName("gc0")] public int Gc0 { get; init; }
    [JsonPropertyName("gc1")] public int Gc1 { get; init; }
    [JsonPropertyName("gc2")] public int Gc2 { get; init; }

    /// <summary>Time the collections during the run held the process (workstation non-concurrent GC: every one stops it).</summary>
    [JsonPropertyName("gc_pause_ms")] public double GcPauseMs { get; init; }
    [JsonPropertyName("ok")] public bool Ok { get; init; }
}

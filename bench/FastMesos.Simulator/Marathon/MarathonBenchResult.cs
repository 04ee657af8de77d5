using System.Text.Json.Serialization;

namespace FastMesos.Simulator.Marathon;

/// <summary>One run of <c>fastmesos sim marathon</c>; serialized as the last line with --json.</summary>
public sealed record MarathonBenchResult
{
    [JsonPropertyName("scenario")] public required string Scenario { get; init; }
    [JsonPropertyName("apps")] public required int Apps { get; init; }
    [JsonPropertyName("instances")] public required int Instances { get; init; }
    [JsonPropertyName("agents")] public required int Agents { get; init; }
    [JsonPropertyName("max_instances_per_offer")] public required int MaxInstancesPerOffer { get; init; }
    [JsonPropertyName("min_worker_threads")] public required int MinWorkerThreads { get; init; }
    [JsonPropertyName("api")] public string Api { get; init; } = "http";
    [JsonPropertyName("store")] public string Store { get; init; } = "memory";

    /// <summary>From the first request to every instance RUNNING in Marathon's state and no deployment left.</summary>
    [JsonPropertyName("seconds")] public required double Seconds { get; init; }

    /// <summary>Until every request was answered (apps stored, deployments started).</summary>
    [JsonPropertyName("requests_seconds")] public required double RequestsSeconds { get; init; }

    /// <summary>Until the agents had been asked to launch every task (null when they never were).</summary>
    [JsonPropertyName("launched_seconds")] public double? LaunchedSeconds { get; init; }

    /// <summary>Tasks the agents were asked to launch after the warm-up (the scale scenario's first instance included).</summary>
    [JsonPropertyName("launched")] public required int Launched { get; init; }
    [JsonPropertyName("running")] public required int Running { get; init; }
    [JsonPropertyName("over_scaled")] public required bool OverScaled { get; init; }
    [JsonPropertyName("deployments_left")] public required int DeploymentsLeft { get; init; }
    [JsonPropertyName("store_puts")] public required long StorePuts { get; init; }

    /// <summary>Offers Marathon received during the measured phase (each revive can bring one per agent).</summary>
    [JsonPropertyName("offers")] public long Offers { get; init; }

    /// <summary>Offers Marathon declined during the measured phase.</summary>
    [JsonPropertyName("offers_declined")] public long OffersDeclined { get; init; }

    /// <summary>REVIVE calls Marathon made during the measured phase.</summary>
    [JsonPropertyName("revives")] public long Revives { get; init; }

    /// <summary>Process CPU during the measured phase: Marathon, the master and the simulated agents share it.</summary>
    [JsonPropertyName("marathon_cpu_seconds")] public required double MarathonCpuSeconds { get; init; }
    [JsonPropertyName("gc0")] public required int Gc0 { get; init; }
    [JsonPropertyName("gc1")] public required int Gc1 { get; init; }
    [JsonPropertyName("gc2")] public required int Gc2 { get; init; }
    [JsonPropertyName("allocated_bytes")] public required long AllocatedBytes { get; init; }

    /// <summary>Wall time the GC suspended the process during the measured phase (workstation, non-concurrent: every collection pauses).</summary>
    [JsonPropertyName("gc_pause_seconds")] public double GcPauseSeconds { get; init; }
    /// <summary>Methods the JIT compiled (or recompiled at a higher tier) during the measured phase; near 0 after a settled warm-up.</summary>
    [JsonPropertyName("jit_methods")] public long JitMethods { get; init; }

    /// <summary>Time the JIT spent compiling during the measured phase, on any thread.</summary>
    [JsonPropertyName("jit_seconds")] public double JitSeconds { get; init; }

    /// <summary>After the run, the fastest of three <c>GET /v2/apps</c> (every app with its task counts and deployments), in seconds.</summary>
    [JsonPropertyName("get_apps_seconds")] public double GetAppsSeconds { get; init; }

    /// <summary>The size of that response, in bytes.</summary>
    [JsonPropertyName("get_apps_bytes")] public long GetAppsBytes { get; init; }

    [JsonPropertyName("ok")] public required bool Ok { get; init; }
}

using System.Text.Json.Serialization;

namespace FastMesos.Simulator.Allocation;

/// <summary>The figures of one `sim alloc` run; serialized as the last JSON line with snake_case names.</summary>
public sealed record AllocationResult
{
    [JsonPropertyName("scenario")] public required string Scenario { get; init; }
    [JsonPropertyName("agents")] public int Agents { get; init; }
    [JsonPropertyName("frameworks")] public int Frameworks { get; init; }
    [JsonPropertyName("roles")] public int Roles { get; init; }
    [JsonPropertyName("phase")] public required string Phase { get; init; }
    [JsonPropertyName("quota")] public bool Quota { get; init; }
    [JsonPropertyName("cycles")] public int Cycles { get; init; }
    [JsonPropertyName("offers_per_cycle")] public double OffersPerCycle { get; init; }
    [JsonPropertyName("cycle_ms_median")] public double CycleMsMedian { get; init; }
    [JsonPropertyName("cycle_ms_p99")] public double CycleMsP99 { get; init; }
    [JsonPropertyName("cycle_ms_min")] public double CycleMsMin { get; init; }
    [JsonPropertyName("cycle_ms_max")] public double CycleMsMax { get; init; }
    [JsonPropertyName("empty_cycle_ms_median")] public double EmptyCycleMsMedian { get; init; }
    [JsonPropertyName("cold_cycle_ms_median")] public double ColdCycleMsMedian { get; init; }
    [JsonPropertyName("cold_candidate_checks")] public long ColdCandidateChecks { get; init; }
    [JsonPropertyName("allocated_bytes_per_cycle")] public long AllocatedBytesPerCycle { get; init; }
    [JsonPropertyName("allocated_bytes_max_cycle")] public long AllocatedBytesMaxCycle { get; init; }
    [JsonPropertyName("gen0_collections")] public int Gen0Collections { get; init; }
    [JsonPropertyName("gen1_collections")] public int Gen1Collections { get; init; }
    [JsonPropertyName("gen2_collections")] public int Gen2Collections { get; init; }
    [JsonPropertyName("candidate_checks_per_cycle")] public double CandidateChecksPerCycle { get; init; }
    [JsonPropertyName("setup_cycles")] public int SetupCycles { get; init; }
    [JsonPropertyName("setup_seconds")] public double SetupSeconds { get; init; }
    [JsonPropertyName("add_agents_ms")] public double AddAgentsMs { get; init; }
    [JsonPropertyName("add_frameworks_ms")] public double AddFrameworksMs { get; init; }
    [JsonPropertyName("audit_problems")] public int AuditProblems { get; init; }
}

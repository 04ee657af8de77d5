using System.Text.Json.Serialization;

namespace FastMesos.Simulator.Marathon;

/// <summary>One run of <c>fastmesos sim marathon --scenario health</c>; serialized as the last line with --json.</summary>
public sealed record HealthBenchResult
{
    [JsonPropertyName("scenario")] public string Scenario { get; init; } = "health";
    [JsonPropertyName("health_checked_tasks")] public required int HealthCheckedTasks { get; init; }
    [JsonPropertyName("agents")] public required int Agents { get; init; }
    [JsonPropertyName("target_ports")] public required int TargetPorts { get; init; }

    /// <summary>Length of each steady window (with checks, without), wall seconds.</summary>
    [JsonPropertyName("window_seconds")] public required double WindowSeconds { get; init; }

    /// <summary>Probes completed (any outcome) per second in the window with checks; N tasks every second is N.</summary>
    [JsonPropertyName("probes_per_sec")] public required double ProbesPerSec { get; init; }
    [JsonPropertyName("probes")] public required long Probes { get; init; }
    [JsonPropertyName("probe_failures")] public required long ProbeFailures { get; init; }

    /// <summary>Requests the target answered over the whole run (null when it ran in a child process).</summary>
    [JsonPropertyName("target_served")] public long? TargetServed { get; init; }

    /// <summary>Process CPU seconds over the window with the same instances running, checked and not.</summary>
    [JsonPropertyName("cpu_seconds_with_checks")] public required double CpuSecondsWithChecks { get; init; }
    [JsonPropertyName("cpu_seconds_without")] public required double CpuSecondsWithout { get; init; }

    /// <summary>(CPU with checks − CPU without) / window: the checker's share of one core.</summary>
    [JsonPropertyName("checker_core_fraction")] public required double CheckerCoreFraction { get; init; }
    [JsonPropertyName("allocated_bytes_per_probe")] public required double AllocatedBytesPerProbe { get; init; }
    [JsonPropertyName("gc0_with_checks")] public required int Gc0WithChecks { get; init; }

    /// <summary>The deploy benchmark (<c>deploy_apps</c> × <c>deploy_instances</c>) beside the running tasks, checked and not.</summary>
    [JsonPropertyName("deploy_apps")] public required int DeployApps { get; init; }
    [JsonPropertyName("deploy_instances")] public required int DeployInstances { get; init; }
    [JsonPropertyName("deploy_seconds_with_checks")] public required double DeploySecondsWithChecks { get; init; }
    [JsonPropertyName("deploy_seconds_without")] public required double DeploySecondsWithout { get; init; }

    /// <summary>Instances of the checked app Marathon reports healthy at the end.</summary>
    [JsonPropertyName("healthy")] public required int Healthy { get; init; }
    [JsonPropertyName("ok")] public required bool Ok { get; init; }
}

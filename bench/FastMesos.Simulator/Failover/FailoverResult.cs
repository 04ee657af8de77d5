using System.Text.Json.Serialization;

namespace FastMesos.Simulator.Failover;

/// <summary>The figures of one `sim failover` run; serialized as the last JSON line with snake_case names.</summary>
public sealed record FailoverResult
{
    [JsonPropertyName("scenario")] public string Scenario { get; init; } = "failover";
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("agents")] public int Agents { get; init; }
    [JsonPropertyName("tasks")] public int Tasks { get; init; }
    [JsonPropertyName("frameworks")] public int Frameworks { get; init; }
    [JsonPropertyName("labels_per_task")] public int LabelsPerTask { get; init; }
    [JsonPropertyName("transport")] public string Transport { get; init; } = "inproc";

    /// <summary>Populating the first master (agents re-registering with their tasks, registry stored).</summary>
    [JsonPropertyName("setup_seconds")] public double SetupSeconds { get; init; }
    [JsonPropertyName("registry_bytes")] public long RegistryBytes { get; init; }

    /// <summary>Election (before the second master listens) to registry fetched, decoded and recovered.</summary>
    [JsonPropertyName("recover_ms")] public double RecoverMs { get; init; }
    [JsonPropertyName("reregistered")] public int Reregistered { get; init; }

    /// <summary>Election to the last AgentReregistered received by a simulated agent.</summary>
    [JsonPropertyName("seconds")] public double Seconds { get; init; }

    /// <summary>Election to the first AgentReregistered received.</summary>
    [JsonPropertyName("first_ack_ms")] public double FirstAckMs { get; init; }
    [JsonPropertyName("reregistrations_per_sec")] public double ReregistrationsPerSec { get; init; }

    /// <summary>CPU time of the whole process (master and simulated agents share it) over the phase.</summary>
    [JsonPropertyName("master_cpu_seconds")] public double MasterCpuSeconds { get; init; }

    /// <summary>The core alone (<see cref="CoreReplay"/>): decoding the registry and recovering it, jitted, no transport.</summary>
    [JsonPropertyName("core_recover_ms")] public double CoreRecoverMs { get; init; }

    /// <summary>The core alone: every re-registration handled back to back on one thread, jitted, no transport or decoding.</summary>
    [JsonPropertyName("core_reregister_seconds")] public double CoreReregisterSeconds { get; init; }
    /// <summary>The core alone: bytes allocated per re-registration (its tasks included).</summary>
    [JsonPropertyName("core_bytes_per_reregistration")] public long CoreBytesPerReregistration { get; init; }
    [JsonPropertyName("gc0")] public int Gc0 { get; init; }
    [JsonPropertyName("gc1")] public int Gc1 { get; init; }
    [JsonPropertyName("gc2")] public int Gc2 { get; init; }
    [JsonPropertyName("allocated_bytes")] public long AllocatedBytes { get; init; }
    [JsonPropertyName("recovering_after")] public bool RecoveringAfter { get; init; }
    [JsonPropertyName("agents_with_other_id")] public int AgentsWithOtherId { get; init; }
    [JsonPropertyName("unreachable")] public int Unreachable { get; init; }
    [JsonPropertyName("running_tasks")] public int RunningTasks { get; init; }
    [JsonPropertyName("lost_tasks")] public int LostTasks { get; init; }

    /// <summary>Completed tasks the agents reported, and how many the new master keeps (at most 1,000 per framework).</summary>
    [JsonPropertyName("completed_tasks")] public long CompletedTasks { get; init; }
    [JsonPropertyName("completed_tasks_kept")] public long CompletedTasksKept { get; init; }

    /// <summary>True when every agent came back with its id, every task is RUNNING and none is unreachable.</summary>
    [JsonPropertyName("ok")] public bool Ok { get; init; }
}

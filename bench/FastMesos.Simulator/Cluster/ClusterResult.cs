using System.Text.Json.Serialization;

namespace FastMesos.Simulator.Cluster;

/// <summary>The figures of one <c>sim cluster</c> run; the last JSON line, snake_case names.</summary>
public sealed record ClusterResult
{
    [JsonPropertyName("scenario")] public required string Scenario { get; init; }
    [JsonPropertyName("agents")] public int Agents { get; init; }
    [JsonPropertyName("agent_processes")] public int AgentProcesses { get; init; }
    [JsonPropertyName("transport")] public string Transport { get; init; } = "tcp";
    [JsonPropertyName("pinned")] public bool Pinned { get; init; }

    /// <summary><c>--warmup</c>: marathon instances, unmeasured state queries, or launch/status warm-up tasks, before the clock.</summary>
    [JsonPropertyName("warmup")] public int Warmup { get; init; }
    [JsonPropertyName("master_warmup_agents")] public int MasterWarmupAgents { get; init; }

    /// <summary>Agents registered at the master (<c>master/slaves_active</c>) after the scenario.</summary>
    [JsonPropertyName("registered")] public int Registered { get; init; }

    /// <summary>The scenario's measured time: register = first dial → last answer; launch = first offer → last RUNNING; status = flood start → last ack; heartbeats = the window; failover = new master listening → last re-registration; state = the timed queries.</summary>
    [JsonPropertyName("seconds")] public double Seconds { get; init; }
    [JsonPropertyName("register_seconds")] public double RegisterSeconds { get; init; }

    /// <summary>Master CPU (user + system) over the measured phase.</summary>
    [JsonPropertyName("master_cpu_seconds")] public double MasterCpuSeconds { get; init; }
    [JsonPropertyName("master_core_fraction")] public double MasterCoreFraction { get; init; }
    [JsonPropertyName("master_rss_mb")] public double MasterRssMb { get; init; }

    /// <summary>The master's managed heap after a forced full GC at the end, and that per agent.</summary>
    [JsonPropertyName("master_heap_mb")] public double MasterHeapMb { get; init; }
    [JsonPropertyName("heap_bytes_per_agent")] public double HeapBytesPerAgent { get; init; }

    /// <summary>The master's garbage collector, e.g. <c>workstation concurrent gen0size=0x4000000</c> (specs/performance.md §8.1).</summary>
    [JsonPropertyName("master_gc")] public string MasterGc { get; init; } = "";
    [JsonPropertyName("master_gc0")] public int MasterGc0 { get; init; }
    [JsonPropertyName("master_gc1")] public int MasterGc1 { get; init; }
    [JsonPropertyName("master_gc2")] public int MasterGc2 { get; init; }

    /// <summary>The master's collections within the measured phase (counted per generation: a gen2 also counts as gen1 and gen0) and their total pause, all threads stopped.</summary>
    [JsonPropertyName("master_phase_gc0")] public int MasterPhaseGc0 { get; init; }
    [JsonPropertyName("master_phase_gc1")] public int MasterPhaseGc1 { get; init; }
    [JsonPropertyName("master_phase_gc2")] public int MasterPhaseGc2 { get; init; }
    [JsonPropertyName("master_phase_gc_pause_ms")] public double MasterPhaseGcPauseMs { get; init; }

    /// <summary>What the master allocated within the measured phase, all threads (MiB): garbage and what it keeps alike.</summary>
    [JsonPropertyName("master_phase_allocated_mb")] public double MasterPhaseAllocatedMb { get; init; }

    /// <summary>The methods the master's JIT compiled within the phase (first compilations and tier-ups) and the time it took, all threads.</summary>
    [JsonPropertyName("master_phase_jit_methods")] public long MasterPhaseJitMethods { get; init; }
    [JsonPropertyName("master_phase_jit_ms")] public double MasterPhaseJitMs { get; init; }

    /// <summary>The master's minor page faults within the phase: memory it touched for the first time.</summary>
    [JsonPropertyName("master_phase_page_faults")] public long MasterPhasePageFaults { get; init; }

    /// <summary>CPU of the agent processes (and, for launch and status, this process's frameworks) over the phase.</summary>
    [JsonPropertyName("sim_cpu_seconds")] public double SimCpuSeconds { get; init; }

    /// <summary>The busiest load-generator process's share of a core over the phase (pinned: the agent processes together, they share cpu0).</summary>
    [JsonPropertyName("sim_max_core_fraction")] public double SimMaxCoreFraction { get; init; }

    /// <summary>A load generator used ≥ 90% of a core: the master may have been waiting for it (specs/performance.md §8.1).</summary>
    [JsonPropertyName("sim_saturated")] public bool SimSaturated { get; init; }

    /// <summary>
    /// The CPU of every measured process over the phase (master, agent processes, this process,
    /// Marathon) as a share of all the machine's cores: near 1, the host itself was the limit, and
    /// the phase's seconds say as much about the load generator's CPU as about the master's.
    /// </summary>
    [JsonPropertyName("cpu_busy_fraction")] public double CpuBusyFraction { get; init; }
    [JsonPropertyName("sim_rss_mb")] public double SimRssMb { get; init; }

    /// <summary>Heartbeats (master → agent ping one-way latency, every ping of the phase) and their count.</summary>
    [JsonPropertyName("pings")] public long Pings { get; init; }

    /// <summary>How the master pinged (udp: datagram channel offered; tcp: connections only), and how many of the agents' pings since the start came as datagrams.</summary>
    [JsonPropertyName("heartbeat_transport")] public string HeartbeatTransport { get; init; } = "udp";
    [JsonPropertyName("datagram_pings")] public long DatagramPings { get; init; }
    [JsonPropertyName("pings_per_sec")] public double PingsPerSec { get; init; }
    [JsonPropertyName("p50_ms")] public double P50Ms { get; init; }
    [JsonPropertyName("p99_ms")] public double P99Ms { get; init; }
    [JsonPropertyName("max_ms")] public double MaxMs { get; init; }

    /// <summary>
    /// The datagram pings' latency to their arrival at the agent process's socket (the kernel's
    /// stamp) instead of to an agent reading them: the master's and the network's share, without the
    /// simulator's. 0 with TCP heartbeats.
    /// </summary>
    [JsonPropertyName("arrival_p50_ms")] public double ArrivalP50Ms { get; init; }
    [JsonPropertyName("arrival_p99_ms")] public double ArrivalP99Ms { get; init; }
    [JsonPropertyName("arrival_max_ms")] public double ArrivalMaxMs { get; init; }
    [JsonPropertyName("master_cpu_us_per_heartbeat")] public double MasterCpuUsPerHeartbeat { get; init; }

    [JsonPropertyName("tasks")] public int Tasks { get; init; }
    [JsonPropertyName("tasks_running")] public int TasksRunning { get; init; }
    [JsonPropertyName("tasks_per_sec")] public double TasksPerSec { get; init; }

    /// <summary>Status flood: updates sent by the agents, received by the frameworks, lost (sent − received), resent.</summary>
    [JsonPropertyName("updates")] public long Updates { get; init; }
    [JsonPropertyName("updates_received")] public long UpdatesReceived { get; init; }
    [JsonPropertyName("updates_per_sec")] public double UpdatesPerSec { get; init; }
    [JsonPropertyName("lost")] public long Lost { get; init; }
    [JsonPropertyName("update_retries")] public long UpdateRetries { get; init; }

    /// <summary>Failover: agents re-registered with the new master, per second of the phase, and tasks it lost (must be 0).</summary>
    [JsonPropertyName("reregistered")] public int Reregistered { get; init; }
    [JsonPropertyName("reregistrations_per_sec")] public double ReregistrationsPerSec { get; init; }
    [JsonPropertyName("lost_tasks")] public int LostTasks { get; init; }

    /// <summary>Failover: completed tasks the agents reported (<c>--completed-tasks-per-agent</c>), and how many the new master lists (at most 1,000 per framework).</summary>
    [JsonPropertyName("completed_tasks")] public long CompletedTasks { get; init; }
    [JsonPropertyName("completed_tasks_kept")] public long CompletedTasksKept { get; init; }

    /// <summary>Failover: new master listening → first offer to a framework; that offer after the last re-registration, when the frameworks are told the new master (§8.2d: ≤ 100 ms).</summary>
    [JsonPropertyName("first_offer_ms")] public double FirstOfferMs { get; init; }
    [JsonPropertyName("first_offer_after_reregistration_ms")] public double FirstOfferAfterReregistrationMs { get; init; }

    /// <summary>Failover: the new master's allocator books equal the agents' reports (false in other scenarios, which do not check).</summary>
    [JsonPropertyName("allocator_consistent")] public bool AllocatorConsistent { get; init; }

    /// <summary>Disconnections the failover's kill caused (not failures; <c>disconnects</c> counts the others).</summary>
    [JsonPropertyName("failover_disconnects")] public long FailoverDisconnects { get; init; }

    /// <summary>State: timed <c>GET /master/state</c> queries, their latency (request → last byte), the response's size and contents.</summary>
    [JsonPropertyName("state_queries")] public int StateQueries { get; init; }
    [JsonPropertyName("state_p50_ms")] public double StateP50Ms { get; init; }
    [JsonPropertyName("state_p99_ms")] public double StateP99Ms { get; init; }
    [JsonPropertyName("state_max_ms")] public double StateMaxMs { get; init; }
    [JsonPropertyName("state_bytes")] public long StateBytes { get; init; }
    [JsonPropertyName("state_agents")] public int StateAgents { get; init; }
    [JsonPropertyName("state_tasks")] public int StateTasks { get; init; }

    /// <summary>State: the same queries as MessagePack (<c>Accept: application/x-msgpack</c>), timed after the JSON ones.</summary>
    [JsonPropertyName("state_msgpack_p50_ms")] public double StateMessagePackP50Ms { get; init; }
    [JsonPropertyName("state_msgpack_p99_ms")] public double StateMessagePackP99Ms { get; init; }
    [JsonPropertyName("state_msgpack_max_ms")] public double StateMessagePackMaxMs { get; init; }
    [JsonPropertyName("state_msgpack_bytes")] public long StateMessagePackBytes { get; init; }

    /// <summary>Marathon: apps × instances POSTed, each POST's latency, launches at the agents, launches beyond the instances, Marathon's CPU and its collections in the phase.</summary>
    [JsonPropertyName("apps")] public int Apps { get; init; }
    [JsonPropertyName("instances")] public int Instances { get; init; }
    [JsonPropertyName("post_p50_ms")] public double PostP50Ms { get; init; }
    [JsonPropertyName("post_p99_ms")] public double PostP99Ms { get; init; }
    [JsonPropertyName("launched")] public long Launched { get; init; }
    [JsonPropertyName("over_scaled")] public bool OverScaled { get; init; }
    [JsonPropertyName("marathon_cpu_seconds")] public double MarathonCpuSeconds { get; init; }
    [JsonPropertyName("marathon_phase_gc0")] public int MarathonPhaseGc0 { get; init; }
    [JsonPropertyName("marathon_phase_gc1")] public int MarathonPhaseGc1 { get; init; }
    [JsonPropertyName("marathon_phase_gc2")] public int MarathonPhaseGc2 { get; init; }
    [JsonPropertyName("marathon_phase_gc_pause_ms")] public double MarathonPhaseGcPauseMs { get; init; }
    [JsonPropertyName("marathon_phase_allocated_mb")] public double MarathonPhaseAllocatedMb { get; init; }
    [JsonPropertyName("marathon_phase_jit_methods")] public long MarathonPhaseJitMethods { get; init; }
    [JsonPropertyName("marathon_phase_jit_ms")] public double MarathonPhaseJitMs { get; init; }
    [JsonPropertyName("marathon_phase_page_faults")] public long MarathonPhasePageFaults { get; init; }

    /// <summary>Marathon's heap after a full collection once every instance runs, and what it grew by per instance since before the phase.</summary>
    [JsonPropertyName("marathon_heap_mb")] public double MarathonHeapMb { get; init; }
    [JsonPropertyName("marathon_heap_bytes_per_instance")] public double MarathonHeapBytesPerInstance { get; init; }

    [JsonPropertyName("disconnects")] public long Disconnects { get; init; }
    [JsonPropertyName("unexpected_messages")] public long UnexpectedMessages { get; init; }
    [JsonPropertyName("load_average")] public string LoadAverage { get; init; } = "";
    [JsonPropertyName("ok")] public bool Ok { get; init; }
}

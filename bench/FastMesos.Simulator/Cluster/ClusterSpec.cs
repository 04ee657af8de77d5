namespace FastMesos.Simulator.Cluster;

/// <summary>One <c>sim cluster</c> run: the scenario, its scale and the workload.</summary>
public sealed record ClusterSpec
{
    public const string Register = "register";
    public const string Heartbeats = "heartbeats";
    public const string Status = "status";
    public const string Launch = "launch";
    public const string Failover = "failover";
    public const string State = "state";
    public const string Marathon = "marathon";

    public static readonly string[] Scenarios = [Register, Heartbeats, Status, Launch, Failover, State, Marathon];

    public string Scenario { get; init; } = Register;

    public int Agents { get; init; } = 10_000;

    /// <summary>Agent processes; 0 picks one per 8,000 agents (the fd limit is 20,000 per process).</summary>
    public int AgentProcesses { get; init; }

    public WorkloadProfile Profile { get; init; } = WorkloadProfile.Default;

    /// <summary>The profile's file, handed to the agent processes; null for the built-in profile.</summary>
    public string? ProfilePath { get; init; }

    /// <summary>The steady heartbeat window.</summary>
    public int Seconds { get; init; } = 10;

    /// <summary>RUNNING updates each running task sends in the status flood.</summary>
    public int UpdatesPerTask { get; init; } = 10;

    /// <summary>Timed <c>GET /master/state</c> requests of the state scenario.</summary>
    public int StateQueries { get; init; } = 20;

    /// <summary>Marathon: apps POSTed and instances of each.</summary>
    public int Apps { get; init; } = 1_000;
    public int Instances { get; init; } = 100;

    /// <summary>
    /// Marathon: instances deployed under <c>/warmup</c> and deleted, twice, before the clock; 0: no
    /// warm-up. State: unmeasured queries before the clock (at least one: it also opens the connection).
    /// Launch and status: tasks a <c>warmup</c> framework launches and tears down before the clock.
    /// </summary>
    public int Warmup { get; init; }

    /// <summary>
    /// The master's <c>--warmup_agents</c>: loopback agents that register and re-register with a
    /// throwaway master inside the master process before it listens; 0: the master starts cold.
    /// </summary>
    public int MasterWarmupAgents { get; init; }

    /// <summary>
    /// Failover: finished tasks each agent reports in its re-registration (Mesos'
    /// <c>completed_frameworks</c>), of the frameworks whose tasks it runs: the new master rebuilds
    /// their completed tasks (bounded per framework). 100 per agent is §8.2d's D-10k-100k-1M.
    /// </summary>
    public int CompletedTasksPerAgent { get; init; }

    /// <summary>When set, <see cref="ClusterReport"/> writes the run's markdown and SVG here.</summary>
    public string? ReportDir { get; init; }

    /// <summary>The master's ping interval (<c>--agent_ping_timeout</c>): the agents' heartbeat.</summary>
    public int PingIntervalSeconds { get; init; } = 1;

    /// <summary>Whether the master offers its datagram heartbeat channel (<c>--datagram_heartbeats</c>); false pings over TCP only.</summary>
    public bool DatagramHeartbeats { get; init; } = true;

    /// <summary>Pin the master to cpu1 and the agent processes to cpu0 (<c>taskset</c>).</summary>
    public bool Pin { get; init; }

    /// <summary>Bound of every wait of the run (registration, launch, flood).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(180);

    public int ProcessCount => AgentProcesses > 0 ? Math.Min(AgentProcesses, Agents) : Math.Max(1, (Agents + 7_999) / 8_000);
}

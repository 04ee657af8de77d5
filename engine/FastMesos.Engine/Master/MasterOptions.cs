namespace FastMesos.Engine.Master;

/// <summary>The master's behaviour knobs, with Mesos' defaults (specs/mesos.md §1.9).</summary>
public sealed record MasterOptions
{
    /// <summary>This master's id (a UUID made at each start, as Mesos does); prefixes framework, agent and offer ids.</summary>
    public required string MasterId { get; init; }

    public string Hostname { get; init; } = "localhost";

    public string Ip { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 5050;

    public string Version { get; init; } = "1.11.0";

    /// <summary>How often agents are pinged (Mesos <c>--agent_ping_timeout</c>).</summary>
    public TimeSpan AgentPingTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Consecutive unanswered pings after which an agent is unreachable (<c>--max_agent_ping_timeouts</c>).</summary>
    public int MaxAgentPingTimeouts { get; init; } = 5;

    /// <summary>How often each subscribed scheduler gets a HEARTBEAT event.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Completed frameworks kept for <c>/master/state</c> (<c>--max_completed_frameworks</c>).</summary>
    public int MaxCompletedFrameworks { get; init; } = 50;

    /// <summary>Completed tasks kept per framework (<c>--max_completed_tasks_per_framework</c>).</summary>
    public int MaxCompletedTasksPerFramework { get; init; } = 1000;

    /// <summary>When set, the only roles frameworks may subscribe with besides '*' (Mesos <c>--roles</c>); null admits any valid role.</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>
    /// When true (an HA master with a registry store), a new agent's registration is acknowledged
    /// only after the registry that lists it is stored (<see cref="MasterCore.OnRegistryStored"/>),
    /// as Mesos' registrar does; when false (the embedded single master) acknowledgements go at once.
    /// </summary>
    public bool DurableRegistry { get; init; }

    /// <summary>
    /// How long agents recovered from the registry by a new leader have to re-register before they
    /// are marked unreachable (<c>--agent_reregister_timeout</c>, Mesos' default 10 min).
    /// </summary>
    public TimeSpan AgentReregisterTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often the host should run <see cref="MasterCore.Tick"/>: the allocation interval, or one
    /// ping slice (the ping interval / <see cref="MasterCore.PingSlices"/>) when that is shorter, so
    /// each slice's turns go out on time; kept between 2 ms and 1 s (2 ms at a 1 s ping interval,
    /// 30 ms at Mesos' default 15 s).
    /// </summary>
    public TimeSpan TickInterval
    {
        get
        {
            long ticks = Math.Min(Allocator.AllocationInterval.Ticks, AgentPingTimeout.Ticks / MasterCore.PingSlices);
            return TimeSpan.FromTicks(Math.Clamp(ticks, TimeSpan.FromMilliseconds(2).Ticks, TimeSpan.FromSeconds(1).Ticks));
        }
    }

    /// <summary>The allocator's options (interval, refuse default, offer timeout, sorters, min allocatable).</summary>
    public AllocatorOptions Allocator { get; init; } = new();
}

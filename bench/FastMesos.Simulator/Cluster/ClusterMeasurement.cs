namespace FastMesos.Simulator.Cluster;

/// <summary>What one measured phase of a <c>sim cluster</c> scenario found, before it becomes a <see cref="ClusterResult"/>.</summary>
internal sealed record ClusterMeasurement
{
    public double Seconds { get; init; }

    /// <summary>The phase's wall time, over which the CPU shares are taken.</summary>
    public double WallSeconds { get; init; }
    public TimeSpan MasterCpu { get; init; }

    /// <summary>The master's collections and their pause within the phase.</summary>
    public GcStats MasterGc { get; init; }
    public TimeSpan SimCpu { get; init; }
    public double SimMaxCoreFraction { get; init; }
    public AgentsReport[] Stats { get; init; } = [];
    public int Tasks { get; init; }
    public int TasksRunning { get; init; }
    public long Updates { get; init; }
    public long UpdatesReceived { get; init; }

    /// <summary>Agent disconnections the scenario caused on purpose (the failover's kill), not counted as failures.</summary>
    public long ExpectedDisconnects { get; init; }

    /// <summary>Failover: agents re-registered with the new master, and tasks it does not know as running afterwards.</summary>
    public int Reregistered { get; init; }
    public int LostTasks { get; init; }

    /// <summary>Failover: completed tasks the agents reported in their re-registrations, and how many the new master lists.</summary>
    public long CompletedTasks { get; init; }
    public long CompletedTasksKept { get; init; }

    /// <summary>Failover: new master listening → the first offer a framework got from it, and that offer's time after the last re-registration (the frameworks are told the new master then); 0 when none came.</summary>
    public double FirstOfferMs { get; init; }
    public double FirstOfferAfterReregistrationMs { get; init; }

    /// <summary>Failover: the new master's allocator holds what the agents reported (totals and tasks' resources).</summary>
    public bool AllocatorConsistent { get; init; }

    /// <summary>State: each timed query's milliseconds (request → last byte), the last response's size, agents and tasks in it.</summary>
    public double[] StateMs { get; init; } = [];
    public long StateBytes { get; init; }
    public int StateAgents { get; init; }
    public double[] StateMessagePackMs { get; init; } = [];
    public long StateMessagePackBytes { get; init; }
    public int StateTasks { get; init; }

    /// <summary>Marathon: each POST's milliseconds (sorted), launches the agents received, Marathon's CPU over the phase.</summary>
    public double[] PostMs { get; init; } = [];
    public long Launched { get; init; }
    public TimeSpan MarathonCpu { get; init; }

    /// <summary>Marathon: its collections and their pause within the phase.</summary>
    public GcStats MarathonGc { get; init; }

    /// <summary>Marathon: its heap after a full collection before the phase and after it (every instance running).</summary>
    public long MarathonHeapBefore { get; init; }
    public long MarathonHeapAfter { get; init; }

    /// <summary>Launch scenarios: the first offer and when each task first reported RUNNING (Stopwatch timestamps), for the report's plot.</summary>
    public long FirstOfferAt { get; init; }
    public long[] RunningAt { get; init; } = [];
    public bool Ok { get; init; } = true;
}

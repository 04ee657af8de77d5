namespace FastMesos.Agent.Runtime;

/// <summary>Counters behind the agent's <c>/metrics/snapshot</c> (Mesos' <c>slave/*</c> names in comments).</summary>
public sealed class AgentCounters
{
    /// <summary>slave/tasks_finished, …: tasks that reached each terminal state on this agent.</summary>
    public long TasksFinished { get; internal set; }
    public long TasksFailed { get; internal set; }
    public long TasksKilled { get; internal set; }
    public long TasksLost { get; internal set; }

    /// <summary>slave/valid_status_updates: updates generated and checkpointed.</summary>
    public long ValidStatusUpdates { get; internal set; }

    /// <summary>slave/invalid_status_updates: acknowledgements that named no pending update.</summary>
    public long InvalidStatusUpdates { get; internal set; }

    /// <summary>slave/container_launch_errors.</summary>
    public long ContainerLaunchErrors { get; internal set; }

    /// <summary>slave/recovery_errors: checkpointed runs that could not be read back.</summary>
    public long RecoveryErrors { get; internal set; }

    /// <summary>slave/executors_terminated.</summary>
    public long ExecutorsTerminated { get; internal set; }

    /// <summary>Status updates sent to the master, resends included.</summary>
    public long StatusUpdatesSent { get; internal set; }

    public long Registrations { get; internal set; }

    public long Reregistrations { get; internal set; }

    /// <summary>Master pings that came as datagrams (the rest came over the TCP connection).</summary>
    public long DatagramPings { get; internal set; }
}

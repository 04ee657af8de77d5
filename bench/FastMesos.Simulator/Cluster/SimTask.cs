using FastMesos.Messages;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// A task a <see cref="SimAgent"/> "runs": its status update stream, as the real agent keeps it —
/// updates in order, only the head in flight, the next sent once the head is acknowledged.
/// Guarded by its agent's lock.
/// </summary>
internal sealed class SimTask(FrameworkInfo framework, TaskInfo info)
{
    public FrameworkInfo Framework { get; } = framework;

    public TaskInfo Info { get; } = info;

    public Queue<StatusUpdate> Pending { get; } = new();

    /// <summary>The newest state queued or acknowledged: what the agent would report on re-registration.</summary>
    public TaskState State { get; set; } = TaskState.Staging;

    /// <summary>When the head was last sent (<see cref="System.Diagnostics.Stopwatch"/> timestamp); 0 when not yet.</summary>
    public long HeadSentAt { get; set; }

    /// <summary>How long the head waits for its acknowledgement before it is sent again (Stopwatch ticks; doubles per resend).</summary>
    public long RetryTicks { get; set; }

    /// <summary>A terminal update was queued: the task accepts no more and is dropped once it is acknowledged.</summary>
    public bool Ended { get; set; }
}

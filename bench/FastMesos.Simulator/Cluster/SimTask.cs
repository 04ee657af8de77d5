using FastMesos.Messages;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// A task a <see cref="SimAgent"/> "runs": its status update stream, as the real agent keeps it —
/// updates in order, only the head in flight, the next sent once the head is acknowledged.
/// Guarded by its agent's lock.
/// <para>
/// It keeps only what the agent needs later (a re-registration names the task, its resources and
/// its framework), not the decoded <see cref="TaskInfo"/>: a Marathon task's command, environment
/// and labels kept alive for every one of 500,000 tasks per process grew the heap by about a
/// kilobyte per task, and the load generator spent its core on the collector and the kernel's
/// fresh pages instead of on the wire. The stream holds its head inline: most tasks have zero or
/// one update pending, so a queue is allocated only for a second one.
/// </para>
/// </summary>
internal sealed class SimTask(FrameworkInfo framework, TaskInfo info)
{
    private StatusUpdate _head;
    private bool _hasHead;
    private Queue<StatusUpdate>? _rest;

    /// <summary>The framework, shared by all of its tasks on the agent process (<see cref="AgentFleet.Framework"/>).</summary>
    public FrameworkInfo Framework { get; } = framework;

    public TaskId TaskId { get; } = info.TaskId;

    public string Name { get; } = info.Name;

    public Resources Resources { get; } = info.Resources;

    /// <summary>Updates queued and not yet acknowledged, the head first.</summary>
    public int PendingCount => _hasHead ? 1 + (_rest?.Count ?? 0) : 0;

    /// <summary>The newest state queued or acknowledged: what the agent would report on re-registration.</summary>
    public TaskState State { get; set; } = TaskState.Staging;

    /// <summary>When the head was last sent (<see cref="System.Diagnostics.Stopwatch"/> timestamp); 0 when not yet.</summary>
    public long HeadSentAt { get; set; }

    /// <summary>How long the head waits for its acknowledgement before it is sent again (Stopwatch ticks; doubles per resend).</summary>
    public long RetryTicks { get; set; }

    /// <summary>A terminal update was queued: the task accepts no more and is dropped once it is acknowledged.</summary>
    public bool Ended { get; set; }

    public bool TryPeekHead(out StatusUpdate head)
    {
        head = _head;
        return _hasHead;
    }

    /// <summary>Queues an update; true when it is the head (nothing was pending), so it goes out now.</summary>
    public bool Enqueue(in StatusUpdate update)
    {
        if (!_hasHead)
        {
            _head = update;
            _hasHead = true;
            return true;
        }

        (_rest ??= new Queue<StatusUpdate>(2)).Enqueue(update);
        return false;
    }

    /// <summary>Drops the acknowledged head; the next one, if any, becomes the head.</summary>
    public void DequeueHead()
    {
        if (_rest is { Count: > 0 } rest)
        {
            _head = rest.Dequeue();
            return;
        }

        _head = default;
        _hasHead = false;
    }
}

using FastMesos.Messages;

namespace FastMesos.Agent.Runtime;

/// <summary>
/// Reliable status updates (Mesos' status update manager, specs/mesos.md §1.6): one
/// <see cref="StatusUpdateStream"/> per task; each update is checkpointed before it is sent; only the
/// head of a stream is in flight, resent with exponential backoff (min, doubling, max) until the
/// acknowledgement with its uuid arrives; then the next update goes out at once. While the agent is
/// not registered with a master the manager is paused: nothing is sent, and <see cref="Resume"/>
/// flushes every head immediately.
/// <para>Not thread-safe: the agent runtime calls it under its lock.</para>
/// </summary>
public sealed class StatusUpdateManager
{
    private readonly Dictionary<(string Framework, string Task), StatusUpdateStream> _streams = [];
    private readonly TimeProvider _time;
    private readonly TimeSpan _retryMin;
    private readonly TimeSpan _retryMax;
    private readonly bool _sync;
    private readonly Func<StatusUpdate, bool> _forward;

    /// <summary>A manager whose resends start at <paramref name="retryMin"/> and double up to <paramref name="retryMax"/>.</summary>
    /// <param name="time">The clock of the resend deadlines.</param>
    /// <param name="retryMin">The first resend interval.</param>
    /// <param name="retryMax">The largest resend interval.</param>
    /// <param name="sync">fsync each checkpoint append.</param>
    /// <param name="forward">Sends one update to the master; false when it could not be queued (the next tick retries).</param>
    public StatusUpdateManager(TimeProvider time, TimeSpan retryMin, TimeSpan retryMax, bool sync, Func<StatusUpdate, bool> forward)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retryMin, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(retryMax, retryMin);
        _time = time;
        _retryMin = retryMin;
        _retryMax = retryMax;
        _sync = sync;
        _forward = forward;
    }

    /// <summary>True while no master is there to send to.</summary>
    public bool Paused { get; private set; } = true;

    public int StreamCount => _streams.Count;

    public IEnumerable<StatusUpdateStream> Streams => _streams.Values;

    public StatusUpdateStream? Find(FrameworkId frameworkId, TaskId taskId) =>
        _streams.GetValueOrDefault((frameworkId.Value, taskId.Value));

    /// <summary>
    /// Takes a new update for its task: checkpointed to <paramref name="path"/> (the task's
    /// <c>task.updates</c>, null for none) before anything else, then sent if it is the head.
    /// A duplicate uuid is ignored. Returns the stream.
    /// </summary>
    public StatusUpdateStream Update(in StatusUpdate update, string? path)
    {
        StatusUpdateStream stream = GetOrAdd(update.FrameworkId, update.Status.TaskId, path);
        if (stream.Append(in update, _sync) && stream.PendingCount == 1)
            SendHead(stream, resend: false);
        return stream;
    }

    /// <summary>Adds a stream replayed from its checkpoint (agent recovery); its head goes out on <see cref="Resume"/>.</summary>
    public StatusUpdateStream Recover(FrameworkId frameworkId, TaskId taskId, string path)
    {
        StatusUpdateStream stream = StatusUpdateStream.Replay(frameworkId, taskId, path);
        _streams[(frameworkId.Value, taskId.Value)] = stream;
        return stream;
    }

    /// <summary>
    /// An acknowledgement from the framework (through the master). When it names the head, it is
    /// checkpointed, the head is dropped and the next update is sent; returns the stream then, null otherwise.
    /// </summary>
    public StatusUpdateStream? Acknowledge(FrameworkId frameworkId, TaskId taskId, Guid uuid)
    {
        if (!_streams.TryGetValue((frameworkId.Value, taskId.Value), out StatusUpdateStream? stream))
            return null;
        if (!stream.Acknowledge(uuid, _sync))
            return null;
        if (stream.Head is not null)
            SendHead(stream, resend: false);
        return stream;
    }

    /// <summary>Forgets a stream (its task was collected, or its framework shut down).</summary>
    public void Remove(FrameworkId frameworkId, TaskId taskId) => _streams.Remove((frameworkId.Value, taskId.Value));

    /// <summary>Forgets every stream (the agent was shut down and starts over).</summary>
    public void Clear() => _streams.Clear();

    /// <summary>The agent is not registered: stop sending.</summary>
    public void Pause() => Paused = true;

    /// <summary>The agent (re)registered: send every head now, with the backoff starting over.</summary>
    public void Resume()
    {
        Paused = false;
        foreach (StatusUpdateStream stream in _streams.Values)
        {
            if (stream.Head is not null)
                SendHead(stream, resend: false);
        }
    }

    /// <summary>The clock: resends every head whose retry time has come.</summary>
    public void Tick()
    {
        if (Paused)
            return;
        long now = _time.GetTimestamp();
        foreach (StatusUpdateStream stream in _streams.Values)
        {
            if (stream.Head is not null && now >= stream.NextSend)
                SendHead(stream, resend: stream.HeadSent);
        }
    }

    private StatusUpdateStream GetOrAdd(FrameworkId frameworkId, TaskId taskId, string? path)
    {
        if (!_streams.TryGetValue((frameworkId.Value, taskId.Value), out StatusUpdateStream? stream))
        {
            stream = new StatusUpdateStream(frameworkId, taskId, path);
            _streams[(frameworkId.Value, taskId.Value)] = stream;
        }

        return stream;
    }

    private void SendHead(StatusUpdateStream stream, bool resend)
    {
        // A new head starts at the minimum interval; each resend of the same head doubles it.
        stream.Backoff = resend ? TimeSpan.FromTicks(Math.Min(stream.Backoff.Ticks * 2, _retryMax.Ticks)) : _retryMin;
        stream.NextSend = _time.GetTimestamp() + (long)(stream.Backoff.TotalSeconds * _time.TimestampFrequency);
        if (Paused)
        {
            stream.HeadSent = false;
            stream.NextSend = 0;
            return;
        }

        StatusUpdate head = stream.Head!.Value;
        // The master learns the newest state early (a task that ended frees its resources before the ack).
        StatusUpdate outgoing = head with { LatestState = stream.LatestState };
        if (_forward(outgoing))
            stream.HeadSent = true;
        else
            stream.NextSend = 0;
    }
}

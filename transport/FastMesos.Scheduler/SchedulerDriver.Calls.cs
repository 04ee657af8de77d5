using System.Text;
using FastMesos.Messages;
using FastMesos.Transport.Connections;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Scheduler;

/// <summary>The scheduler calls (specs/mesos.md §2.2). Each returns false when it could not be queued on a subscribed connection.</summary>
public sealed partial class SchedulerDriver
{
    /// <summary>ACCEPT: apply <paramref name="operations"/> to offers of one agent; the unused rest is declined with <paramref name="filters"/>.</summary>
    public bool Accept(IReadOnlyList<OfferId> offerIds, IReadOnlyList<OfferOperation> operations, Filters? filters = null)
    {
        ArgumentNullException.ThrowIfNull(offerIds);
        ArgumentNullException.ThrowIfNull(operations);
        if (FrameworkId is not { } id)
            return false;
        // Pooled before the send, so the first status update finds them; by index, boxing no enumerator.
        for (int o = 0; o < operations.Count; o++)
        {
            IReadOnlyList<TaskInfo> tasks = operations[o].Tasks;
            for (int t = 0; t < tasks.Count; t++)
                _strings.Add(tasks[t].TaskId.Value);
        }
        return Send(new AcceptCall { FrameworkId = id, OfferIds = offerIds, Operations = operations, Filters = filters });
    }

    /// <summary>ACCEPT with one LAUNCH operation of <paramref name="tasks"/> on one offer.</summary>
    public bool Launch(OfferId offerId, IReadOnlyList<TaskInfo> tasks, Filters? filters = null)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        return Accept([offerId], [new OfferOperation { Type = OfferOperationType.Launch, Tasks = tasks }], filters);
    }

    /// <summary>DECLINE: refuse the offers' agents for <paramref name="refuseSeconds"/> (null: Mesos' default 5 s).</summary>
    public bool Decline(IReadOnlyList<OfferId> offerIds, double? refuseSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(offerIds);
        return FrameworkId is { } id && Send(new DeclineCall
        {
            FrameworkId = id,
            OfferIds = offerIds,
            Filters = refuseSeconds is { } seconds ? new Filters(seconds) : null,
        });
    }

    /// <summary>DECLINE of one offer.</summary>
    public bool Decline(OfferId offerId, double? refuseSeconds = null) => Decline([offerId], refuseSeconds);

    /// <summary>REVIVE: unsuppress <paramref name="roles"/> and clear their offer filters (null or empty: all roles).</summary>
    public bool Revive(IReadOnlyList<string>? roles = null) =>
        FrameworkId is { } id && Send(new ReviveCall { FrameworkId = id, Roles = roles ?? [] });

    /// <summary>SUPPRESS: no offers for <paramref name="roles"/> (null or empty: all roles) until a revive.</summary>
    public bool Suppress(IReadOnlyList<string>? roles = null) =>
        FrameworkId is { } id && Send(new SuppressCall { FrameworkId = id, Roles = roles ?? [] });

    /// <summary>KILL: kill a task; a task the master does not know gets a reconciliation update instead.</summary>
    public bool Kill(TaskId taskId, AgentId? agentId = null, KillPolicy? killPolicy = null) =>
        FrameworkId is { } id && Send(new KillCall(id, taskId, agentId, killPolicy));

    /// <summary>SHUTDOWN: shut down a custom executor on an agent.</summary>
    public bool Shutdown(ExecutorId executorId, AgentId agentId) =>
        FrameworkId is { } id && Send(new ShutdownCall(id, executorId, agentId));

    /// <summary>
    /// ACKNOWLEDGE the update <paramref name="status"/>, so its agent sends the task's next update.
    /// Only reliable updates (with a uuid and an agent) are acknowledged; others return false unsent.
    /// </summary>
    public bool Acknowledge(in MesosTaskStatus status) =>
        status.Uuid is { } uuid && status.AgentId is { } agent && FrameworkId is { } id
        && Send(new AcknowledgeCall(id, agent, status.TaskId, uuid));

    /// <summary>
    /// RECONCILE: the latest state of <paramref name="tasks"/>, or (null or empty) of every
    /// non-terminal task (implicit). A long list goes as several calls, each of at most a
    /// sixteenth of the frame limit in ids (1 MiB at the default 16 MiB): Marathon reconciling a
    /// million tasks in one call sent a frame of ~100 MB, past the limit, which closed the
    /// connection — and every re-subscription reconciled again and closed it again.
    /// </summary>
    public bool Reconcile(IReadOnlyList<ReconcileTask>? tasks = null)
    {
        if (FrameworkId is not { } id)
            return false;
        if (tasks is null || tasks.Count == 0)
            return Send(new ReconcileCall { FrameworkId = id, Tasks = [] });
        long budget = Math.Max(1, _options.MaxFrameSize / 16);
        bool sent = true;
        int start = 0;
        long bytes = 0;
        for (int i = 0; i < tasks.Count; i++)
        {
            long size = ReconcileBytes(tasks[i]);
            if (i > start && bytes + size > budget)
            {
                sent &= Send(new ReconcileCall { FrameworkId = id, Tasks = Slice(tasks, start, i) });
                start = i;
                bytes = 0;
            }
            bytes += size;
        }
        return Send(new ReconcileCall { FrameworkId = id, Tasks = Slice(tasks, start, tasks.Count) }) && sent;
    }

    /// <summary>About what one task adds to a RECONCILE frame: its ids in UTF-8 and the MessagePack framing around them.</summary>
    private static long ReconcileBytes(in ReconcileTask task) =>
        Encoding.UTF8.GetByteCount(task.TaskId.Value) + (task.AgentId is { } agent ? Encoding.UTF8.GetByteCount(agent.Value) : 0) + 16;

    private static IReadOnlyList<ReconcileTask> Slice(IReadOnlyList<ReconcileTask> tasks, int start, int end)
    {
        if (start == 0 && end == tasks.Count)
            return tasks;
        var slice = new ReconcileTask[end - start];
        for (int i = start; i < end; i++)
            slice[i - start] = tasks[i];
        return slice;
    }

    /// <summary>MESSAGE: bytes to one of the framework's executors, best effort.</summary>
    public bool SendMessage(AgentId agentId, ExecutorId executorId, ReadOnlyMemory<byte> data) =>
        FrameworkId is { } id && Send(new MessageCall { FrameworkId = id, AgentId = agentId, ExecutorId = executorId, Data = data });

    /// <summary>
    /// UPDATE_FRAMEWORK: change the framework's info (not its roles, user, principal or checkpoint).
    /// The id is filled in; the new info is also what later re-subscriptions carry.
    /// </summary>
    public bool UpdateFramework(FrameworkInfo framework, IReadOnlyList<string>? suppressedRoles = null)
    {
        ArgumentNullException.ThrowIfNull(framework);
        if (FrameworkId is not { } id)
            return false;
        FrameworkInfo info = framework with { Id = id };
        if (!Send(new UpdateFrameworkCall { Framework = info, SuppressedRoles = suppressedRoles ?? [] }))
            return false;
        Volatile.Write(ref _framework, info);
        return true;
    }

    /// <summary>
    /// TEARDOWN, then waits (up to <see cref="SchedulerDriverOptions.TeardownTimeout"/>) for the master
    /// to close the subscription. The driver does not re-subscribe afterwards.
    /// </summary>
    private async Task TeardownAsync()
    {
        FrameConnection? connection = Volatile.Read(ref _subscribed);
        if (connection is null || FrameworkId is not { } id)
        {
            _log("teardown skipped: the driver is not subscribed (the framework stays until its failover timeout)");
            return;
        }

        _tearingDown = true;
        if (!_sends.Send(connection, new TeardownCall(id)))
            return;
        try
        {
            await connection.Closed.WaitAsync(_options.TeardownTimeout, TimeProvider.System).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _log($"the master did not confirm the teardown of {id.Value} within {_options.TeardownTimeout}");
        }
    }

    /// <summary>
    /// Completes when the calls made so far have been handed to the connection and it is not paused
    /// (the master has read to within the resume threshold): at once when that holds or when there is
    /// no connection. A framework that launches faster than the master reads can wait on this
    /// before it decides more, so its acknowledgements and kills wait behind at most a pause
    /// threshold of earlier calls, rather than behind everything it decided meanwhile.
    /// </summary>
    public Task WhenSendsDrainedAsync()
    {
        FrameConnection? connection = Volatile.Read(ref _subscribed);
        return connection is null ? Task.CompletedTask : _sends.WhenDrainedAsync(connection);
    }

    private bool Send<T>(in T message)
    {
        FrameConnection? connection = Volatile.Read(ref _subscribed);
        return connection is not null && _sends.Send(connection, in message);
    }
}

using FastMesos.Messages;
using TaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Engine.Master;

public sealed partial class MasterCore
{
    /// <summary>
    /// A status update from an agent: the task takes the update's <c>latest_state</c> (so resources
    /// return as soon as the agent knows the task ended, before any acknowledgement), and the update
    /// goes to the framework if it is subscribed. Otherwise it is dropped: the agent resends it until
    /// it is acknowledged.
    /// </summary>
    public void OnStatusUpdate(int peer, in StatusUpdate update)
    {
        Counters.MessagesStatusUpdate++;
        if (!_agentsByPeer.TryGetValue(peer, out AgentRecord? agent))
        {
            Counters.InvalidStatusUpdates++;
            return;
        }

        if (!_frameworks.TryGetValue(update.FrameworkId.Value, out FrameworkRecord? fw))
        {
            // The framework is gone: the agent was told to shut it down; nobody will acknowledge.
            Counters.InvalidStatusUpdates++;
            return;
        }

        TaskStatus status = update.Status with { AgentId = new AgentId(agent.Id) };
        Counters.ValidStatusUpdates++;
        if (fw.Tasks.TryGetValue(status.TaskId.Value, out TaskRecord? task))
        {
            // The history records what the framework is told; the current state is the agent's newest.
            TaskState latest = update.LatestState ?? status.State;
            if (task.StatusCount == 0 || task.LastStatusChange.State != status.State)
                RecordState(task, status.State, status.Timestamp > 0 ? status.Timestamp : Now());
            if (latest != task.State)
                RecordState(task, latest, Now());
            if (task.HoldsResources && (latest.IsTerminal() || latest == TaskState.Unreachable))
            {
                _allocator.UpdateTaskState(task.LedgerSlot, fw.Slot, task.TaskId, latest);
                task.LedgerSlot = -1;
            }

            // Only the state, uuid and health are kept (Mesos clears TaskStatus.data once forwarded,
            // MESOS-1746; the rest of the update is the framework's to keep).
            task.SetLastStatus(status);
        }

        if (fw.Connected)
            _outbox.Send(fw.Peer, new UpdateEvent(status));
    }

    /// <summary>
    /// ACKNOWLEDGE: forwarded to the agent, whose status update stream then sends the next update.
    /// An acknowledged terminal update ends the task's life in the master (it moves to completed).
    /// </summary>
    public void OnAcknowledge(int peer, in AcknowledgeCall call)
    {
        if (!TryCaller(peer, call.FrameworkId, out FrameworkRecord? fw))
            return;
        if (!_agents.TryGetValue(call.AgentId.Value, out AgentRecord? agent))
        {
            Counters.InvalidStatusUpdateAcknowledgements++;
            return;
        }

        Counters.ValidStatusUpdateAcknowledgements++;
        if (agent.Peer >= 0)
            _outbox.Send(agent.Peer, new StatusUpdateAcknowledgement(call.AgentId, call.FrameworkId, call.TaskId, call.Uuid));
        if (fw.Tasks.TryGetValue(call.TaskId.Value, out TaskRecord? task)
            && task.LastStatusUuid == call.Uuid && task.LastStatusState is { } last && last.IsTerminal())
        {
            Unlist(fw, task);
            RemoveFromHost(task);
            fw.CompletedTaskList.Add(task);
        }
    }

    /// <summary>
    /// KILL: sent to the task's agent (remembered and sent on re-registration when the agent is
    /// disconnected). A task the master does not know gets a reconciliation answer instead (§1.7).
    /// </summary>
    public void OnKill(int peer, in KillCall call)
    {
        if (!TryCaller(peer, call.FrameworkId, out FrameworkRecord? fw))
            return;
        Counters.MessagesKillTask++;
        if (!fw.Tasks.TryGetValue(call.TaskId.Value, out TaskRecord? task))
        {
            ReconcileUnknown(fw, call.TaskId, call.AgentId);
            return;
        }

        if (task.State.IsTerminal())
            return;
        AgentRecord agent = _agents[task.AgentId];
        if (agent.Peer >= 0)
            _outbox.Send(agent.Peer, new KillTask(new FrameworkId(fw.Id), call.TaskId, call.KillPolicy ?? task.KillPolicy));
        else
            agent.PendingKills.Add((fw.Id, task.TaskId));
    }

    /// <summary>
    /// RECONCILE: with no tasks, an update for every non-terminal task of the framework (implicit);
    /// otherwise one per named task, by the decision table of specs/mesos.md §1.7. Replies carry
    /// REASON_RECONCILIATION, come from the master and have no uuid.
    /// </summary>
    public void OnReconcile(int peer, ReconcileCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!TryCaller(peer, call.FrameworkId, out FrameworkRecord? fw))
            return;
        Counters.MessagesReconcileTasks++;
        if (call.Tasks.Count == 0)
        {
            foreach (TaskRecord task in fw.Tasks.Values)
            {
                if (!task.State.IsTerminal())
                    SendReconciliation(fw, task);
            }

            return;
        }

        foreach (ReconcileTask wanted in call.Tasks)
        {
            if (fw.Tasks.TryGetValue(wanted.TaskId.Value, out TaskRecord? task))
                SendReconciliation(fw, task);
            else
                ReconcileUnknown(fw, wanted.TaskId, wanted.AgentId);
        }
    }

    /// <summary>SHUTDOWN (of an executor): the agent kills the executor's tasks; with command executors that is the task whose id is the executor id.</summary>
    public void OnShutdownExecutor(int peer, in ShutdownCall call)
    {
        if (!TryCaller(peer, call.FrameworkId, out FrameworkRecord? fw))
            return;
        foreach (TaskRecord task in fw.Tasks.Values)
        {
            string executor = task.ExecutorId ?? task.TaskId;
            if (executor == call.ExecutorId.Value && task.AgentId == call.AgentId.Value && !task.State.IsTerminal()
                && _agents.TryGetValue(task.AgentId, out AgentRecord? agent) && agent.Peer >= 0)
                _outbox.Send(agent.Peer, new KillTask(new FrameworkId(fw.Id), new TaskId(task.TaskId)));
        }
    }

    /// <summary>
    /// Tasks an agent reports when it re-registers. Known tasks the master had written off (the agent
    /// was unreachable) take their reported state again, hold resources again and are announced
    /// with REASON_AGENT_REREGISTERED; unknown ones (this master is new) are recorded as they are.
    /// </summary>
    private void RecoverTasks(AgentRecord agent, IReadOnlyList<LaunchedTask> tasks, bool wasUnreachable)
    {
        // Indexed: an interface foreach allocates an enumerator per agent, and a failover brings
        // 10,000 agents back in a burst.
        for (int i = 0; i < tasks.Count; i++)
        {
            LaunchedTask reported = tasks[i];
            if (!_frameworks.TryGetValue(reported.FrameworkId.Value, out FrameworkRecord? fw))
                continue;
            TaskState state = reported.State;
            if (!fw.Tasks.TryGetValue(reported.TaskId.Value, out TaskRecord? task))
            {
                // The agent reports no executor resources: an executor task's are charged as none.
                task = new TaskRecord(reported.TaskId, reported.Name, reported.Resources, reported.ExecutorId?.Value,
                    reported.ExecutorId is null ? null : Resources.Empty, killPolicy: null, reported.Labels, fw.Id, agent.Id, fw.DefaultRole);
                RecordState(task, state, Now());
                AddTask(fw, agent, task);
            }
            else if (task.State != state)
            {
                RecordState(task, state, Now());
            }

            if (!state.IsTerminal() && state != TaskState.Unreachable && !task.HoldsResources)
                task.LedgerSlot = TryHold(fw, agent, task);
            if (wasUnreachable && !state.IsTerminal())
                SendMasterUpdate(fw, task.Id, new AgentId(agent.Id), state, TaskStatusReason.AgentReregistered,
                    $"Agent {agent.Id} re-registered");
        }
    }

    /// <summary>
    /// Puts the completed tasks an agent reports back into their frameworks' completed tasks (bounded
    /// like any completed task), as Mesos' <c>_reregisterSlave</c> does. A framework this master does
    /// not know (none of its agents runs anything of it and it has not subscribed) loses them, as in
    /// Mesos ("possibly orphaned completed task"). As in Mesos, a reported task is not looked up among
    /// the framework's live ones: an id may be used again once its task ended, and the lookup was 8%
    /// of the master's CPU in a failover with a million completed tasks. Neither the task-state
    /// counters nor the frameworks hear of them: they ended under another master.
    /// </summary>
    private void RecoverCompletedTasks(AgentRecord agent, IReadOnlyList<CompletedFramework> completed)
    {
        double now = Now();
        for (int f = 0; f < completed.Count; f++)
        {
            CompletedFramework reported = completed[f];
            if (reported.Framework.Id is not { } id || !_frameworks.TryGetValue(id.Value, out FrameworkRecord? fw))
                continue;

            // Only the newest MaxCompletedTasksPerFramework can stay: the walk starts where they
            // begin (an executor's tasks can be many, and a failover brings every agent's at once).
            IReadOnlyList<LaunchedTask> tasks = reported.Tasks;
            int first = tasks.Count, kept = 0;
            while (first > 0 && kept < _options.MaxCompletedTasksPerFramework)
            {
                if (tasks[--first].State.IsTerminal())
                    kept++;
            }

            // Each enters the history as the agent's report: most are overwritten by newer ones
            // before anyone reads the history, which builds the records of those it still holds.
            string role = fw.DefaultRole;
            for (int i = first; i < tasks.Count; i++)
            {
                LaunchedTask task = tasks[i];
                if (task.State.IsTerminal())
                    fw.CompletedTaskList.AddReported(task, agent.Id, role, now);
            }
        }
    }

    /// <summary>Charges a reported task to the allocator; its ledger slot, or -1 when it could not be.</summary>
    private int TryHold(FrameworkRecord fw, AgentRecord agent, TaskRecord task)
    {
        try
        {
            return _allocator.AddRunningTask(fw.Slot, task.Role, agent.Slot, ToLaunch(task));
        }
        catch (EngineException)
        {
            // The agent reports more than it has free (its resources shrank): the task keeps running
            // but is not charged; the audit of the allocator stays consistent.
            return -1;
        }
    }

    /// <summary>A state the master decides (lost, unreachable, killed with the framework): recorded, resources released, sent without uuid.</summary>
    private void TransitionByMaster(TaskRecord task, TaskState state, TaskStatusReason reason, string message)
    {
        RecordState(task, state, Now());
        if (!_frameworks.TryGetValue(task.FrameworkId, out FrameworkRecord? fw))
            return;
        if (task.HoldsResources && (state.IsTerminal() || state == TaskState.Unreachable))
        {
            _allocator.UpdateTaskState(task.LedgerSlot, fw.Slot, task.TaskId, state);
            task.LedgerSlot = -1;
        }

        TaskStatus status = MasterStatus(task.Id, new AgentId(task.AgentId), state, reason, message);
        task.SetLastStatus(status);
        if (_deferEventsUntil > 0)
            _deferredEvents.Add(new DeferredEvent(_deferEventsUntil, fw.Id, new UpdateEvent(status), null));
        else if (fw.Connected)
            _outbox.Send(fw.Peer, new UpdateEvent(status));
    }

    /// <summary>
    /// The latest state of a known task, with the <c>healthy</c> of its latest status as Mesos sends
    /// it, so a failed-over framework learns each task's health without waiting for a change.
    /// </summary>
    private void SendReconciliation(FrameworkRecord fw, TaskRecord task)
    {
        if (fw.Connected)
        {
            TaskStatus status = MasterStatus(task.Id, new AgentId(task.AgentId), task.State, TaskStatusReason.Reconciliation,
                "Reconciliation: Latest task state") with { Healthy = task.LastStatusHealthy };
            _outbox.Send(fw.Peer, new UpdateEvent(status));
        }
    }

    private void ReconcileUnknown(FrameworkRecord fw, TaskId taskId, AgentId? agentId)
    {
        TaskState state;
        if (agentId is { } id && _agents.TryGetValue(id.Value, out AgentRecord? agent))
        {
            // Mesos: a task on an agent the new leader recovered but has not heard from yet gets no
            // answer; the agent's re-registration will tell its real state.
            if (agent.State == AgentState.Recovered)
                return;
            state = agent.State == AgentState.Unreachable ? TaskState.Unreachable : TaskState.Gone;
        }
        else
            state = TaskState.Unknown;
        if (!fw.PartitionAware)
            state = TaskState.Lost;
        SendMasterUpdate(fw, taskId, agentId, state, TaskStatusReason.Reconciliation, "Reconciliation: Task is unknown");
    }

    private void SendMasterUpdate(FrameworkRecord fw, TaskId taskId, AgentId? agentId, TaskState state, TaskStatusReason? reason, string message)
    {
        if (fw.Connected)
            _outbox.Send(fw.Peer, new UpdateEvent(MasterStatus(taskId, agentId, state, reason, message)));
    }

    private TaskStatus MasterStatus(TaskId taskId, AgentId? agentId, TaskState state, TaskStatusReason? reason, string message) => new()
    {
        TaskId = taskId,
        State = state,
        Source = TaskStatusSource.Master,
        Reason = reason,
        Message = message,
        AgentId = agentId,
        Timestamp = Now(),
    };

    /// <summary>Appends a state to the task's history and makes it current; a first terminal state is counted for the metrics.</summary>
    private void RecordState(TaskRecord task, TaskState state, double timestamp)
    {
        if (!task.State.IsTerminal() && state.IsTerminal())
            CountTerminal(state);
        task.AddStatus(state, timestamp);
        Recount(task, state);
        task.State = state;
    }

    /// <summary>Counts a task that reached <paramref name="state"/> (master/tasks_finished, …); Unreachable counts though it is not terminal.</summary>
    private void CountTerminal(TaskState state)
    {
        switch (state)
        {
            case TaskState.Finished: Counters.TasksFinished++; break;
            case TaskState.Failed: Counters.TasksFailed++; break;
            case TaskState.Killed: Counters.TasksKilled++; break;
            case TaskState.Lost: Counters.TasksLost++; break;
            case TaskState.Error: Counters.TasksError++; break;
            case TaskState.Dropped: Counters.TasksDropped++; break;
            case TaskState.Gone: Counters.TasksGone++; break;
            case TaskState.Unreachable: Counters.TasksUnreachable++; break;
        }
    }
}

using FastMesos.Apps.Launching;
using FastMesos.Apps.Model;
using FastMesos.Messages;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;
using ModelUnreachable = FastMesos.Apps.Model.UnreachableStrategy;

namespace FastMesos.Marathon.Runtime;

public sealed partial class MarathonRuntime
{
    /// <summary>
    /// A task's status: the instance follows it; a terminal task of an instance that should run is
    /// relaunched (after the app's backoff when it failed or finished); an unknown task is killed
    /// (specs/marathon.md §6.2–§6.4); then deployments move on.
    /// </summary>
    private async Task OnStatusAsync(MesosTaskStatus status)
    {
        string taskId = status.TaskId.Value;
        Metrics.TaskUpdate(status.State);
        Instance? instance = null;
        if (!Instance.TryInstanceIdOf(taskId, out ReadOnlySpan<char> instanceId)
            || !_instances.TryGetValue(instanceId, out instance)
            || !instance.IsTask(taskId))
        {
            if (!status.State.IsTerminal() && status.State is not (TaskState.Unreachable or TaskState.Lost))
            {
                _log?.Invoke($"W Killing unknown task {taskId}");
                _driver?.Kill(status.TaskId, status.AgentId);
            }
            return;
        }

        TaskState previous = instance.State ?? TaskState.Staging;
        instance.State = status.State;
        instance.AgentId ??= status.AgentId;
        if (status.State is TaskState.Staging or TaskState.Starting)
            Housekeep(instance);
        bool healthFlipped = ApplyMesosHealth(instance, status);
        if (status.State == TaskState.Running && instance.StartedAt is null)
        {
            instance.StartedAt = Now;
            if (_launchTokens++ <= 0 && AnyScheduled())
                Revive();
        }

        PublishStatusUpdate(instance, status);
        // A kill ordered while no master was connected (a resumed restart's up-front kills run
        // before Marathon subscribes) is sent again when reconciliation reports the task running.
        if (instance.Goal == InstanceGoal.Decommissioned && status.State == TaskState.Running)
            Kill(instance);
        InstanceCondition condition = InstanceConditions.FromTaskState(status.State, status.Reason);
        if (condition == InstanceCondition.Unreachable)
        {
            instance.UnreachableSince ??= Now;
            Housekeep(instance);
            await HandleUnreachableAsync(instance).ConfigureAwait(false);
        }
        else
        {
            instance.UnreachableSince = null;
        }

        await RecordFailureAsync(instance, status).ConfigureAwait(false);
        if (InstanceConditions.IsTerminal(condition))
        {
            await OnTerminalAsync(instance, status).ConfigureAwait(false);
        }
        else
        {
            if (previous != status.State)
            {
                if (_statusPersists is not null)
                    _statusPersists.Add(instance);
                else
                    await PersistAsync(instance).ConfigureAwait(false);
            }
            if (healthFlipped)
                await StoreHealthAsync(instance).ConfigureAwait(false);
        }

        NotifyRestartProgress(instance);
        AdvanceSoon();
    }

    private async Task OnTerminalAsync(Instance instance, MesosTaskStatus status)
    {
        RemovePlaced(instance);
        string appId = instance.AppId;
        // An old-version instance that dies during a rolling restart is not relaunched: the restart
        // replaces it with a new-version one (specs/marathon.md §5.2).
        if (instance.Goal == InstanceGoal.Decommissioned || IsBeingReplaced(instance) || !_apps.TryGetValue(appId, out AppRuntimeState? app))
        {
            RemoveInstance(instance);
            await ForgetAsync(instance).ConfigureAwait(false);
            NotifyRestartOldTerminal(instance);
            return;
        }

        if (InstanceConditions.IncreasesBackoff(status.State))
        {
            AppDefinition def = app.App;
            _backoff.RecordFailure(appId, def.Version ?? instance.AppVersion,
                new BackoffStrategy(def.BackoffSeconds, def.BackoffFactor, def.MaxLaunchDelaySeconds), Now);
        }

        _log?.Invoke($"I Task {instance.TaskId} of {appId} is {status.State.WireName()}{(status.Message is { } m ? ": " + m : "")}; relaunching");
        Reschedule(instance);
        await PersistAsync(instance).ConfigureAwait(false);
    }

    /// <summary>Back to the launch queue: the same instance id, its next task incarnation at the next match.</summary>
    private void Reschedule(Instance instance)
    {
        instance.State = null;
        instance.AgentId = null;
        instance.Host = null;
        instance.HostPorts = HostPortList.None;
        instance.StagedAt = null;
        instance.StartedAt = null;
        instance.Healthy = null;
        instance.HealthResults = null;
        instance.UnreachableSince = null;
        QueueForLaunch(instance);
        if (_apps.TryGetValue(instance.AppId, out AppRuntimeState? app))
            app.QueuedSince ??= Now;
        Revive();
    }

    /// <summary>
    /// An unreachable instance stays while its strategy says so; once inactive a replacement is
    /// scheduled and the old one is decommissioned, so it is killed if its agent comes back
    /// (specs/marathon.md §6.3; Marathon's default (0, 0) replaces at once).
    /// </summary>
    private async Task HandleUnreachableAsync(Instance instance)
    {
        if (instance.Goal != InstanceGoal.Running || !_apps.TryGetValue(instance.AppId, out AppRuntimeState? app))
            return;
        ModelUnreachable strategy = app.App.UnreachableStrategy;
        if (strategy.IsDisabled)
            return;
        var decision = new Apps.Launching.UnreachableStrategy(strategy.InactiveAfterSeconds, strategy.ExpungeAfterSeconds)
            .Decide(instance.UnreachableSince ?? Now, Now);
        if (decision == UnreachableDecision.Stay)
            return;
        instance.Goal = InstanceGoal.Decommissioned;
        await PersistAsync(instance).ConfigureAwait(false);
        Instance replacement = NewInstance(app.App);
        await PersistAsync(replacement).ConfigureAwait(false);
        _log?.Invoke($"I Instance {instance.InstanceId} is unreachable; scheduled {replacement.InstanceId} to replace it");
    }

    private void RemovePlaced(Instance instance)
    {
        if (instance.AgentId is { } agent && _agents.TryGetValue(agent, out var info) && _apps.TryGetValue(instance.AppId, out AppRuntimeState? app))
            app.Placed.Remove(info.Host, info.Attributes);
    }

    /// <summary>A new scheduled instance of <paramref name="app"/>'s current version.</summary>
    private Instance NewInstance(AppDefinition app)
    {
        string appId = app.Id.ToString();
        var instance = new Instance
        {
            Uuid = TimeOrderedUuid.Next(),
            AppId = appId,
            AppVersion = app.Version ?? Now,
        };
        AddInstance(instance);
        if (_apps.TryGetValue(appId, out AppRuntimeState? state))
            state.QueuedSince ??= Now;
        Revive();
        return instance;
    }

    /// <summary>Kills an instance's task for good: goal Decommissioned, removed once terminal (or at once when never launched).</summary>
    private async Task DecommissionAsync(Instance instance)
    {
        instance.Goal = InstanceGoal.Decommissioned;
        if (instance.State is null)
        {
            RemoveInstance(instance);
            await ForgetAsync(instance).ConfigureAwait(false);
            NotifyRestartOldTerminal(instance);
            return;
        }
        await PersistAsync(instance).ConfigureAwait(false);
        Kill(instance);
    }

    private void Kill(Instance instance)
    {
        if (instance.State is { } state && !state.IsTerminal() && _driver is { } driver)
        {
            var taskId = new TaskId(instance.TaskId);
            AgentId? agentId = instance.AgentId;
            AfterLaunches(() => driver.Kill(taskId, agentId));
        }
    }

    /// <summary>
    /// Once a second: tasks not RUNNING within --task_launch_timeout are killed (and relaunched),
    /// unreachable instances whose strategy now says inactive are replaced, and decommissioned tasks
    /// that are still alive are killed again.
    /// </summary>
    private async Task Housekeeping()
    {
        DateTimeOffset now = Now;
        var timedOut = new List<Instance>();
        var unreachable = new List<Instance>();
        // Compacts the list in place: an entry removed from the index or no longer needing
        // housekeeping is dropped (and unflagged), the rest keep their order.
        int kept = 0;
        for (int i = 0; i < _housekept.Count; i++)
        {
            Instance instance = _housekept[i];
            if (!instance.Indexed || !NeedsHousekeeping(instance))
            {
                instance.Housekept = false;
                continue;
            }
            _housekept[kept++] = instance;
            if (instance.State is TaskState.Staging or TaskState.Starting && instance.StagedAt is { } staged && now - staged > _options.TaskLaunchTimeout)
                timedOut.Add(instance);
            else if (instance.UnreachableSince is not null && instance.Goal == InstanceGoal.Running)
                unreachable.Add(instance);
        }
        _housekept.RemoveRange(kept, _housekept.Count - kept);
        foreach (Instance instance in timedOut)
        {
            _log?.Invoke($"W Task {instance.TaskId} did not become RUNNING within {_options.TaskLaunchTimeout.TotalSeconds:0} s; killing it");
            Kill(instance);
        }
        foreach (Instance instance in unreachable)
            await HandleUnreachableAsync(instance).ConfigureAwait(false);
        _backoff.Purge(now);
        ProbeDueHealthChecks(now);
        ProbeDueReadinessChecks(now);
        // Offers were declined (and suppressed) while every waiting instance sat out its backoff:
        // once one may launch again, ask for offers — nothing else would.
        if (now - _reviveThrottle.LastRevive >= ShortDecline && AnyLaunchable(now))
            Revive();
        await AdvanceDeploymentsAsync().ConfigureAwait(false);
    }
}

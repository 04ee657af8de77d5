using FastMesos.Apps.Deployments;
using FastMesos.Apps.Launching;
using FastMesos.Apps.Model;
using DeploymentKillSelection = FastMesos.Apps.Deployments.KillSelection;

namespace FastMesos.Marathon.Runtime;

public sealed partial class MarathonRuntime
{
    // Restart orders produced by instance events, applied by the next AdvanceDeploymentsAsync.
    private readonly List<(RunningDeployment Deployment, string AppId, ReplacementOrder Order)> _pendingOrders = [];

    // Restarts to compute again before the next orders (see NotifyRestartProgress).
    private readonly List<(RunningDeployment Deployment, string AppId)> _pendingReplans = [];

    // The deployments with a rolling restart of an app, by app id. Every status update asks it
    // (NotifyRestartProgress), and a deploy of 1,000 new apps runs 1,000 deployments with no restart:
    // asking each of them cost a million updates a billion lookups. Invariant: it lists exactly the
    // (deployment, app) pairs of deployment.Restarts, no empty list kept: StartRestartAsync adds a
    // restart to both, EndRestarts (a step ended, a deployment removed) takes them out of both.
    private readonly Dictionary<string, List<RunningDeployment>> _restartsByApp = new(StringComparer.Ordinal);

    /// <summary>
    /// Moves every deployment forward (specs/marathon.md §5.1): applies pending restart orders, and
    /// while the current step's actions are all done, starts the next step; a deployment whose last
    /// step is done disappears. Called after every event and REST change.
    /// </summary>
    private async Task AdvanceDeploymentsAsync()
    {
        _startBudget = _options.InstancesCreatedPerItem;
        await ReplanRestartsAsync().ConfigureAwait(false);
        while (_pendingOrders.Count > 0)
        {
            var orders = _pendingOrders.ToArray();
            _pendingOrders.Clear();
            foreach ((RunningDeployment deployment, string appId, ReplacementOrder order) in orders)
                await ApplyOrderAsync(deployment, appId, order).ConfigureAwait(false);
        }

        _scaleDone = null;
        foreach (RunningDeployment deployment in _deployments.ToArray())
        {
            int step = deployment.StepIndex;
            while (deployment.StepIndex < deployment.Plan.Steps.Count && StepDone(deployment))
            {
                if (deployment.StepIndex >= 0)
                    PublishDeployment("deployment_step_success", deployment);
                deployment.StepIndex++;
                EndRestarts(deployment);
                if (deployment.StepIndex < deployment.Plan.Steps.Count)
                {
                    PublishDeployment("deployment_info", deployment);
                    await StartStepAsync(deployment).ConfigureAwait(false);
                    _scaleDone = null;
                }
            }
            if (deployment.StepIndex >= deployment.Plan.Steps.Count)
            {
                RemoveDeployment(deployment);
                ForgetDeployment(deployment.Plan.Id);
                _log?.Invoke($"I Deployment {deployment.Plan.Id} finished");
                PublishDeployment("deployment_success", deployment);
                PublishGroupChangeSuccess(deployment.Plan);
            }
            else if (deployment.StepIndex != step)
            {
                SaveDeployment(deployment);
            }
        }
        FlushRevive();
    }

    private bool StepDone(RunningDeployment deployment)
    {
        foreach (DeploymentAction action in deployment.CurrentActions)
        {
            bool done = action.Kind switch
            {
                DeploymentActionKind.StartApplication => true,
                DeploymentActionKind.ScaleApplication => ScaleDone(action.AppId, action.ScaleTo),
                DeploymentActionKind.RestartApplication => deployment.Restarts.TryGetValue(action.AppId, out TaskReplacement? r) && r.IsDone,
                DeploymentActionKind.StopApplication => !HasInstances(action.AppId),
                _ => true,
            };
            if (!done)
                return false;
        }
        return true;
    }

    private async Task StartStepAsync(RunningDeployment deployment)
    {
        foreach (DeploymentAction action in deployment.CurrentActions)
        {
            switch (action.Kind)
            {
                case DeploymentActionKind.ScaleApplication:
                    if (_apps.TryGetValue(action.AppId, out AppRuntimeState? scaled))
                        await ScaleAsync(scaled.App, action.ScaleTo, action.InstancesToKill, deployment).ConfigureAwait(false);
                    break;
                case DeploymentActionKind.RestartApplication:
                    if (_apps.TryGetValue(action.AppId, out AppRuntimeState? restarted))
                        await StartRestartAsync(deployment, restarted.App).ConfigureAwait(false);
                    break;
                case DeploymentActionKind.StopApplication:
                    await StopAppAsync(action.AppId).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>
    /// Brings the app's instances (goal Running) to <paramref name="target"/> (§5.3); instances a
    /// <paramref name="deployment"/> starts need readiness (§5.4).
    /// </summary>
    private async Task ScaleAsync(AppDefinition app, int target, IReadOnlyList<string> sentenced, RunningDeployment? deployment = null)
    {
        string appId = app.Id.ToString();
        var running = new List<ScalingInstance>();
        var scheduled = new List<Instance>();
        int total = 0;
        foreach (Instance instance in InstancesOf(appId))
        {
            if (instance.Goal != InstanceGoal.Running)
                continue;
            total++;
            if (instance.State is { } s)
                running.Add(new ScalingInstance(instance.InstanceId, InstanceConditions.FromTaskState(s, null), instance.StartedAt ?? instance.StagedAt ?? DateTimeOffset.MaxValue));
            else
                scheduled.Add(instance);
        }

        // Instances still waiting for an offer go first: dropping a queued launch costs nothing,
        // killing a running task costs a task (Marathon shrinks its launch queue first).
        for (int i = 0; i < scheduled.Count; i++)
        {
            if (total > target && !Contains(sentenced, scheduled[i].InstanceId))
            {
                await DecommissionAsync(scheduled[i]).ConfigureAwait(false);
                total--;
            }
            else
            {
                running.Add(new ScalingInstance(scheduled[i].InstanceId, InstanceCondition.Scheduled, DateTimeOffset.MaxValue));
            }
        }
        ScalingProposition proposition = ScalingProposition.Propose(running, (IReadOnlyCollection<string>)sentenced, target,
            app.KillSelection == Apps.Model.KillSelection.OldestFirst ? DeploymentKillSelection.OldestFirst : DeploymentKillSelection.YoungestFirst);
        foreach (string id in proposition.ToDecommission)
        {
            if (_instances.TryGetValue(id, out Instance? instance))
                await DecommissionAsync(instance).ConfigureAwait(false);
        }
        int startNow = StartsNow(appId, app, proposition.ToStart, deployment);
        for (int i = 0; i < startNow; i++)
            TrackReadiness(deployment, app, NewInstance(app));
    }

    private static bool Contains(IReadOnlyList<string> ids, string id)
    {
        foreach (string candidate in ids)
        {
            if (candidate == id)
                return true;
        }
        return false;
    }

    private Task ScaleToDefinitionAsync(AppDefinition app) => ScaleAsync(app, app.Instances, []);

    private bool HasInstances(string appId) => InstancesOf(appId).Count > 0;

    /// <summary>Starts a rolling restart of <paramref name="app"/> to its current version (§5.2).</summary>
    private async Task StartRestartAsync(RunningDeployment deployment, AppDefinition app)
    {
        string appId = app.Id.ToString();
        DateTimeOffset version = app.Version ?? Now;
        var old = new List<ReplacedInstance>();
        var fresh = new List<ReplacedInstance>();
        var freshIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (Instance instance in InstancesOf(appId))
        {
            if (instance.Goal != InstanceGoal.Running)
                continue;
            // New-version instances already there (a deployment resumed by a new leader, whose
            // readiness results were not stored) are probed again, as Marathon's restart does.
            if (instance.AppVersion == version && !_readiness.ContainsKey(instance.InstanceId))
                TrackReadiness(deployment, app, instance);
            bool healthy = CountsTowardDeployment(instance);
            if (instance.AppVersion == version)
            {
                fresh.Add(new ReplacedInstance(instance.InstanceId, healthy));
                freshIds.Add(instance.InstanceId);
            }
            else
            {
                old.Add(new ReplacedInstance(instance.InstanceId, healthy));
            }
        }

        _backoff.Reset(appId);
        var replacement = new TaskReplacement(app.Instances, app.UpgradeStrategy.MinimumHealthCapacity,
            app.UpgradeStrategy.MaximumOverCapacity, app.IsResident, old, fresh);
        deployment.Restarts[appId] = replacement;
        deployment.NewInstances[appId] = freshIds;
        if (!_restartsByApp.TryGetValue(appId, out List<RunningDeployment>? restarting))
            _restartsByApp[appId] = restarting = [];
        if (!restarting.Contains(deployment))
            restarting.Add(deployment);
        await ApplyOrderAsync(deployment, appId, replacement.Start()).ConfigureAwait(false);
    }

    private async Task ApplyOrderAsync(RunningDeployment deployment, string appId, ReplacementOrder order)
    {
        if (!deployment.Restarts.TryGetValue(appId, out TaskReplacement? replacement) || !_apps.TryGetValue(appId, out AppRuntimeState? app))
            return;
        foreach (string id in order.Kill)
        {
            if (_instances.TryGetValue(id, out Instance? instance))
                await DecommissionAsync(instance).ConfigureAwait(false);
        }
        for (int i = 0; i < order.Launch; i++)
        {
            Instance instance = NewInstance(app.App);
            TrackReadiness(deployment, app.App, instance);
            deployment.NewInstances[appId].Add(instance.InstanceId);
            ReplacementOrder next = replacement.OnNewLaunched(instance.InstanceId);
            if (!next.IsIdle)
                _pendingOrders.Add((deployment, appId, next));
        }
    }

    /// <summary>
    /// A status change of an instance of an app a restart is replacing. A new instance healthy and
    /// ready counts toward the restart. Any other healthy instance is one the restart may have
    /// counted unhealthy when it started: then, if the restart is <see cref="IsStuck">stuck</see>,
    /// it is computed again (see <see cref="ReplanRestartsAsync"/>). A new leader resumes a restart
    /// from the instance states as stored, which lag behind the status updates: an old instance
    /// stored STARTING but running counted as unhealthy, left no spare capacity (N=3, (1, 0)), and
    /// the restart waited forever.
    /// </summary>
    private void NotifyRestartProgress(Instance instance)
    {
        if (!CountsTowardDeployment(instance) || RestartsOf(instance.AppId) is not { } restarting)
            return;
        foreach (RunningDeployment deployment in restarting)
        {
            TaskReplacement replacement = deployment.Restarts[instance.AppId];
            if (deployment.NewInstances.TryGetValue(instance.AppId, out HashSet<string>? fresh) && fresh.Remove(instance.InstanceId))
            {
                ReplacementOrder order = replacement.OnNewHealthy(instance.InstanceId);
                if (!order.IsIdle)
                    _pendingOrders.Add((deployment, instance.AppId, order));
            }
            else if (IsStuck(replacement) && !_pendingReplans.Contains((deployment, instance.AppId)))
            {
                _pendingReplans.Add((deployment, instance.AppId));
            }
        }
    }

    /// <summary>
    /// A restart that ordered nothing and has no new instance: only an old instance's death could move
    /// it (<see cref="TaskReplacement"/>'s rule when its old instances left no spare capacity).
    /// </summary>
    private static bool IsStuck(TaskReplacement replacement) => !replacement.HasOrdered && replacement.Started == 0;

    /// <summary>
    /// Computes again each restart marked by <see cref="NotifyRestartProgress"/> that is still
    /// <see cref="IsStuck">stuck</see> and now has more healthy instances than it was computed with.
    /// Nothing is undone (it ordered nothing), so the new computation starts from the same instances;
    /// a restart with new instances is left alone (their health or readiness moves it).
    /// </summary>
    private async Task ReplanRestartsAsync()
    {
        if (_pendingReplans.Count == 0)
            return;
        var replans = _pendingReplans.ToArray();
        _pendingReplans.Clear();
        foreach ((RunningDeployment deployment, string appId) in replans)
        {
            if (!_deployments.Contains(deployment) || !deployment.Restarts.TryGetValue(appId, out TaskReplacement? replacement)
                || !IsStuck(replacement) || !_apps.TryGetValue(appId, out AppRuntimeState? app))
                continue;
            int healthy = 0;
            foreach (Instance instance in InstancesOf(appId))
            {
                if (instance.Goal == InstanceGoal.Running && CountsTowardDeployment(instance))
                    healthy++;
            }

            if (healthy <= replacement.HealthyAtStart)
                continue;
            _log?.Invoke($"I Restart of {appId}: {healthy} healthy instances now ({replacement.HealthyAtStart} when it started and nothing ordered since); computing it again");
            await StartRestartAsync(deployment, app.App).ConfigureAwait(false);
        }
    }

    /// <summary>True when a running restart of the instance's app is replacing it (it runs an older version).</summary>
    private bool IsBeingReplaced(Instance instance)
    {
        return _apps.TryGetValue(instance.AppId, out AppRuntimeState? app) && instance.AppVersion != app.App.Version
            && RestartsOf(instance.AppId) is not null;
    }

    /// <summary>An old instance is gone: a restart may launch the next new one.</summary>
    private void NotifyRestartOldTerminal(Instance instance)
    {
        if (RestartsOf(instance.AppId) is not { } restarting)
            return;
        foreach (RunningDeployment deployment in restarting)
        {
            ReplacementOrder order = deployment.Restarts[instance.AppId].OnOldTerminal(instance.InstanceId);
            if (!order.IsIdle)
                _pendingOrders.Add((deployment, instance.AppId, order));
        }
    }

    /// <summary>Apps with a rolling restart running. Tests read it off the loop: a count, never the index itself.</summary>
    internal int AppsRestarting => _restartsByApp.Count;

    /// <summary>The running deployments with a rolling restart of <paramref name="appId"/>, in the order their restarts started; null when there is none.</summary>
    private List<RunningDeployment>? RestartsOf(string appId) => _restartsByApp.GetValueOrDefault(appId);

    /// <summary>The deployment's current restarts are over: out of the index and of the deployment.</summary>
    private void EndRestarts(RunningDeployment deployment)
    {
        foreach (string appId in deployment.Restarts.Keys)
        {
            if (_restartsByApp.TryGetValue(appId, out List<RunningDeployment>? restarting) && restarting.Remove(deployment) && restarting.Count == 0)
                _restartsByApp.Remove(appId);
        }
        deployment.EndRestarts();
    }

    /// <summary>Stops running a deployment: it leaves <c>_deployments</c>, and its restarts are over.</summary>
    private void RemoveDeployment(RunningDeployment deployment)
    {
        _deployments.Remove(deployment);
        EndRestarts(deployment);
    }

    /// <summary>Decommissions every instance of a removed app and forgets it.</summary>
    private async Task StopAppAsync(string appId)
    {
        var instances = new List<Instance>(InstancesOf(appId));
        foreach (Instance instance in instances)
            await DecommissionAsync(instance).ConfigureAwait(false);
        if (_apps.Remove(appId))
            PublishAppTerminated(appId);
        _servicePorts.Release(appId);
        _backoff.Reset(appId);
    }
}

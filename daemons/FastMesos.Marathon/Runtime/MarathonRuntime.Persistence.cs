using FastMesos.Apps.Deployments;
using FastMesos.Apps.Model;
using FastMesos.Marathon.State;

namespace FastMesos.Marathon.Runtime;

public sealed partial class MarathonRuntime
{
    private const string DeploymentsPrefix = "deployments";

    /// <summary>
    /// Stores a running deployment again after its step advanced, in the background
    /// (<see cref="InBackground"/>). The first record is stored with the tree that started it
    /// (<see cref="DeployAsync"/>), so the deployment exists in the store before the REST call is
    /// answered; a later one may lag behind the step in progress, which is safe: a resumed
    /// deployment restarts its stored step from the instances as stored, and a step that already
    /// finished finds nothing to do.
    /// </summary>
    private void SaveDeployment(RunningDeployment deployment)
    {
        KeyValuePair<string, byte[]> entry = DeploymentEntry(deployment);
        InBackground(_store.PutAsync(entry.Key, entry.Value, _stopping.Token), $"storing deployment {deployment.Plan.Id}");
    }

    /// <summary>
    /// A running deployment as stored, so that a new leader or a restarted Marathon resumes it
    /// (specs/marathon.md §5.1): the planner's inputs, the step in progress and the versions its
    /// rollback needs (<c>_versionsBefore</c> and <c>_targetsOf</c> of its id).
    /// </summary>
    private KeyValuePair<string, byte[]> DeploymentEntry(RunningDeployment deployment)
    {
        DeploymentPlan plan = deployment.Plan;
        var toKill = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (DeploymentStep step in plan.Steps)
        {
            foreach (DeploymentAction action in step.Actions)
            {
                if (action.Kind == DeploymentActionKind.ScaleApplication && action.InstancesToKill.Count > 0)
                    toKill[action.AppId] = action.InstancesToKill;
            }
        }

        var before = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach ((string appId, AppDefinition app) in _versionsBefore.GetValueOrDefault(plan.Id) ?? [])
        {
            if (app.Version is { } version)
                before[appId] = version;
        }
        var targets = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (AppDefinition app in _targetsOf.GetValueOrDefault(plan.Id) ?? [])
        {
            if (app.Version is { } version)
                targets[app.Id.ToString()] = version;
        }

        var stored = new StoredDeployment(plan.Id, plan.Version, deployment.StepIndex, plan.Original, plan.Target, toKill, before, targets);
        return new KeyValuePair<string, byte[]>(DeploymentKey(plan.Id), DeploymentCodec.Write(stored));
    }

    /// <summary>
    /// Drops what a finished or cancelled deployment kept: its stored plan and its rollback bookkeeping.
    /// The delete is not waited for (<see cref="InBackground"/>): a plan left behind by a crash is
    /// resumed at the next start, finds its step done and finishes again.
    /// </summary>
    private void ForgetDeployment(string id)
    {
        _versionsBefore.Remove(id);
        _targetsOf.Remove(id);
        EndReadiness(id);
        InBackground(_store.DeleteAsync(DeploymentKey(id), _stopping.Token), $"deleting the finished deployment {id}");
    }

    /// <summary>
    /// A write nobody is answered with and nothing waits for: a delete of what is no longer needed
    /// (old root versions, a finished deployment, a removed app's failure) or a deployment's later
    /// step (<see cref="SaveDeployment"/>). The loop goes on at once
    /// instead of waiting for the commit, which queues behind the launch and status batches (a
    /// deployment's end used to hold up the status updates behind it). The store commits writes in
    /// the order they were made, so a later write of the same key still lands last; a failure is
    /// logged, and leaves only garbage the next start or prune removes, or a step older than the
    /// deployment's, which a resumed deployment redoes.
    /// </summary>
    private void InBackground(Task write, string what)
    {
        if (write.IsCompletedSuccessfully)
            return;
        _ = LogFailureAsync(write, what);
    }

    private async Task LogFailureAsync(Task write, string what)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Marathon is stopping.
        }
        catch (Exception e)
        {
            _log?.Invoke($"E {what} failed: {e.Message}");
        }
    }

    private static string DeploymentKey(string id) => DeploymentsPrefix + "/" + id;

    /// <summary>
    /// After the state is loaded: re-plans every stored deployment and restarts its current step from
    /// the instances as stored — a scale counts what exists, a restart splits the instances by version
    /// (<see cref="StartRestartAsync"/> hands the new-version ones to <see cref="TaskReplacement"/>),
    /// so nothing already launched or replaced is launched again. Apps no deployment holds are scaled
    /// back to their definition.
    /// </summary>
    private async Task ResumeAsync(CancellationToken cancellationToken)
    {
        var held = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in await _store.ListAsync(DeploymentsPrefix, cancellationToken).ConfigureAwait(false))
        {
            byte[]? bytes = await _store.GetAsync(DeploymentKey(name), cancellationToken).ConfigureAwait(false);
            if (bytes is null)
                continue;
            StoredDeployment stored;
            try
            {
                stored = DeploymentCodec.Read(bytes);
            }
            catch (FormatException e)
            {
                // Unreadable, it would stop every leader from starting: its apps are scaled to their definitions instead.
                _log?.Invoke($"W Dropping stored deployment {name}: {e.Message}");
                await _store.DeleteAsync(DeploymentKey(name), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!DeploymentPlanner.TryPlan(stored.Id, stored.Version, stored.Original, stored.Target, stored.ToKill, out DeploymentPlan? plan, out string? error))
            {
                _log?.Invoke($"W Dropping stored deployment {stored.Id}: {error}");
                await _store.DeleteAsync(DeploymentKey(name), cancellationToken).ConfigureAwait(false);
                continue;
            }

            var deployment = new RunningDeployment(plan) { StepIndex = Math.Min(stored.Step, plan.Steps.Count) };
            _deployments.Add(deployment);
            foreach (string appId in plan.AffectedApps)
                held.Add(appId);
            _versionsBefore[plan.Id] = await VersionsOfAsync(stored.VersionsBefore).ConfigureAwait(false);
            _targetsOf[plan.Id] = [.. (await VersionsOfAsync(stored.TargetVersions).ConfigureAwait(false)).Values];
        }

        foreach (AppRuntimeState state in _apps.Values)
        {
            if (!held.Contains(state.App.Id.ToString()))
                await ScaleToDefinitionAsync(state.App).ConfigureAwait(false);
        }

        foreach (RunningDeployment deployment in _deployments)
        {
            _log?.Invoke($"I Resuming deployment {deployment.Plan.Id} at step {deployment.StepIndex + 1} of {deployment.Plan.Steps.Count}");
            if (deployment.StepIndex >= 0 && deployment.StepIndex < deployment.Plan.Steps.Count)
                await StartStepAsync(deployment).ConfigureAwait(false);
        }
        await AdvanceDeploymentsAsync().ConfigureAwait(false);
    }

    /// <summary>The stored app versions named, by app id; versions no longer stored are left out.</summary>
    private async Task<Dictionary<string, AppDefinition>> VersionsOfAsync(IReadOnlyDictionary<string, DateTimeOffset> versions)
    {
        var apps = new Dictionary<string, AppDefinition>(StringComparer.Ordinal);
        foreach ((string appId, DateTimeOffset version) in versions)
        {
            if (await ReadVersionAsync(PathId.Resolve(appId), version).ConfigureAwait(false) is { } app)
                apps[appId] = app;
        }
        return apps;
    }
}

using System.Text;
using FastMesos.Apps.Deployments;
using FastMesos.Apps.Json;
using FastMesos.Apps.Model;
using FastMesos.Apps.Validation;
using FastMesos.Marathon.State;

namespace FastMesos.Marathon.Runtime;

public sealed partial class MarathonRuntime
{
    /// <summary>POST /v2/apps: a new app (409 when the id is taken by an app or a group).</summary>
    internal async Task<(AppDefinition App, DeploymentResult Deployment)> CreateAppAsync(AppDefinition app, bool force)
    {
        if (_root.App(app.Id) is not null || _root.FindGroup(app.Id) is not null)
            throw new ApiException(409, $"An app with id [{app.Id}] already exists.");
        DateTimeOffset now = NextVersion();
        AppDefinition stored = WithServicePorts(app) with { Version = now, VersionInfo = new VersionInfo(now, now) };
        DeploymentResult result = await DeployAsync(_root.PutApp(stored), force, now).ConfigureAwait(false);
        return (stored, result);
    }

    /// <summary>
    /// PUT/PATCH /v2/apps/{id}: <paramref name="read"/> turns the current definition (null when
    /// none) into the body's result; a rollback body brings back a stored version. Returns whether
    /// the app was created.
    /// </summary>
    internal async Task<(bool Created, DeploymentResult Deployment)> UpdateAppAsync(PathId id, Func<AppDefinition?, AppReadResult> read, bool force, bool mustExist)
    {
        DateTimeOffset now = NextVersion();
        (AppDefinition? existing, AppDefinition next) = await NextAppAsync(_root, id, read, mustExist, now).ConfigureAwait(false);
        DeploymentResult result = await DeployAsync(_root.PutApp(next), force, now).ConfigureAwait(false);
        return (existing is null, result);
    }

    /// <summary>
    /// The app <paramref name="id"/> of <paramref name="tree"/> after an update body: read, checked
    /// (400/422), a rollback resolved from the stored versions (404), stamped with
    /// <paramref name="now"/> and its service ports. Returns the app it replaces (null when new).
    /// </summary>
    private async Task<(AppDefinition? Existing, AppDefinition Next)> NextAppAsync(RootGroup tree, PathId id, Func<AppDefinition?, AppReadResult> read, bool mustExist, DateTimeOffset now)
    {
        AppDefinition? existing = tree.App(id);
        if (existing is null && mustExist)
            throw ApiException.AppNotFound(id.ToString());
        AppReadResult body = read(existing);
        ThrowIfInvalid(body);
        AppDefinition next;
        if (body.RollbackVersion is { } version)
        {
            next = await ReadVersionAsync(id, version).ConfigureAwait(false)
                ?? throw new ApiException(404, $"App '{id}' does not exist in version {Http.Timestamps.Format(version)}");
        }
        else
        {
            next = body.App!;
        }

        if (existing is not null && tree.FindGroup(id) is not null)
            throw new ApiException(409, $"An app with the path {id} already exists.");
        VersionInfo info = existing is not null && next.IsOnlyScaleChange(existing) && existing.VersionInfo is { } old
            ? old with { LastScalingAt = now }
            : new VersionInfo(now, now);
        if (existing is not null && !next.IsUpgrade(existing) && next.Instances == existing.Instances && body.RollbackVersion is null)
            info = existing.VersionInfo ?? info;
        next = WithServicePorts(next with { Id = id }) with { Version = now, VersionInfo = info };
        return (existing, next);
    }

    /// <summary>DELETE /v2/apps/{id} (force defaults to true there, as in Marathon).</summary>
    internal Task<DeploymentResult> DeleteAppAsync(PathId id, bool force)
    {
        if (_root.App(id) is null)
            throw ApiException.AppNotFound(id.ToString());
        return DeployAsync(_root.RemoveApp(id), force, NextVersion());
    }

    /// <summary>POST /v2/apps/{id}/restart: a rolling restart to a new version of the same definition.</summary>
    internal Task<DeploymentResult> RestartAppAsync(PathId id, bool force)
    {
        AppDefinition app = _root.App(id) ?? throw ApiException.AppNotFound(id.ToString());
        DateTimeOffset now = NextVersion();
        AppDefinition next = app with { Version = now, VersionInfo = new VersionInfo(app.VersionInfo?.LastScalingAt ?? now, now) };
        return DeployAsync(_root.PutApp(next), force, now, restart: id.ToString());
    }

    /// <summary>
    /// Kills tasks (DELETE /v2/apps/{id}/tasks[/{taskId}], POST /v2/tasks/delete): with
    /// <paramref name="scale"/> the app's instances shrink by the killed count (a deployment);
    /// with <paramref name="wipe"/> the instances are decommissioned; otherwise they are relaunched.
    /// </summary>
    internal async Task<(IReadOnlyList<Instance> Killed, DeploymentResult? Deployment)> KillTasksAsync(IReadOnlyList<Instance> targets, bool scale, bool wipe, bool force)
    {
        if (scale)
        {
            var byApp = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (Instance instance in targets)
            {
                if (!byApp.TryGetValue(instance.AppId, out List<string>? ids))
                    byApp[instance.AppId] = ids = [];
                ids.Add(instance.InstanceId);
            }
            RootGroup target = _root;
            DateTimeOffset now = NextVersion();
            var toKill = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach ((string appId, List<string> ids) in byApp)
            {
                AppDefinition? app = _root.App(PathId.Resolve(appId));
                if (app is null)
                    continue;
                toKill[appId] = ids;
                target = target.PutApp(app with
                {
                    Instances = Math.Max(0, app.Instances - ids.Count),
                    Version = now,
                    VersionInfo = app.VersionInfo is { } info ? info with { LastScalingAt = now } : new VersionInfo(now, now),
                });
            }
            DeploymentResult result = await DeployAsync(target, force, now, toKill: toKill).ConfigureAwait(false);
            return (targets, result);
        }

        foreach (Instance instance in targets)
        {
            if (wipe)
                await DecommissionAsync(instance).ConfigureAwait(false);
            else
                Kill(instance);
        }
        await AdvanceDeploymentsAsync().ConfigureAwait(false);
        return (targets, null);
    }

    /// <summary>DELETE /v2/deployments/{id}: cancel; without force also deploy the rollback (§5.6).</summary>
    internal async Task<DeploymentResult?> CancelDeploymentAsync(string id, bool force)
    {
        RunningDeployment deployment = _deployments.Find(d => d.Plan.Id == id)
            ?? throw new ApiException(404, $"DeploymentPlan {id} does not exist");
        RemoveDeployment(deployment);
        Metrics.DeploymentsDismissed.Increment();
        PublishDeployment("deployment_failed", deployment, force ? "cancelled with force" : "cancelled; rolling back");
        Dictionary<string, AppDefinition>? original = _versionsBefore.GetValueOrDefault(id);
        List<AppDefinition>? targets = _targetsOf.GetValueOrDefault(id);
        ForgetDeployment(id);
        if (force)
            return null;
        var current = new Dictionary<string, AppDefinition>(StringComparer.Ordinal);
        foreach (AppDefinition app in _root.TransitiveApps())
            current[app.Id.ToString()] = app;
        original ??= new Dictionary<string, AppDefinition>(StringComparer.Ordinal);
        var targetApps = new Dictionary<string, AppDefinition>(StringComparer.Ordinal);
        foreach (AppDefinition app in targets ?? [])
            targetApps[app.Id.ToString()] = app;
        IReadOnlyDictionary<string, AppDefinition> reverted = DeploymentPlanReverter.Revert(original, targetApps, current);
        RootGroup target = _root;
        foreach (AppDefinition app in _root.TransitiveApps())
        {
            if (!reverted.ContainsKey(app.Id.ToString()))
                target = target.RemoveApp(app.Id);
        }
        DateTimeOffset now = NextVersion();
        foreach (AppDefinition app in reverted.Values)
        {
            if (!current.TryGetValue(app.Id.ToString(), out AppDefinition? currentApp) || !ReferenceEquals(currentApp, app))
                target = target.PutApp(app with { Version = now, VersionInfo = new VersionInfo(now, now) });
        }
        return await DeployAsync(target, force: true, now).ConfigureAwait(false);
    }

    /// <summary>DELETE /v2/queue/{id}/delay.</summary>
    internal bool ResetDelay(string appId)
    {
        bool waiting = false;
        foreach (Instance instance in InstancesOf(appId))
            waiting |= instance.IsScheduled && instance.Goal == InstanceGoal.Running;
        if (!waiting)
            return false;
        _backoff.Reset(appId);
        Revive();
        FlushRevive();
        return true;
    }

    // What each running deployment changed, for its rollback: the apps before it, and its targets.
    private readonly Dictionary<string, Dictionary<string, AppDefinition>> _versionsBefore = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<AppDefinition>> _targetsOf = new(StringComparer.Ordinal);

    /// <summary>
    /// Plans and starts the move from the current tree to <paramref name="target"/>: validated as a
    /// whole (dependencies, app/group clashes), refused while another deployment holds one of its
    /// apps (409, unless forced, which cancels those), stored, then carried out. A call of a deploy
    /// batch (<see cref="RunDeployAsync{T}"/>) is stored with the batch's other calls, and its
    /// deployment is started by the batch once all are applied.
    /// </summary>
    private async Task<DeploymentResult> DeployAsync(RootGroup target, bool force, DateTimeOffset version,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? toKill = null, string? restart = null)
    {
        DeployDraft draft = Draft(target.WithVersion(version), force, version, toKill, restart);
        if (_planningBatch is { } batch)
        {
            _root = draft.Target;   // the batch's next call plans on this tree (DeployBatch's invariant)
            batch.Add(draft);
            await draft.Stored.Task.ConfigureAwait(false);
            await ApplyAsync(draft).ConfigureAwait(false);
            return new DeploymentResult(draft.DeploymentId, version);
        }
        await StoreAsync([draft]).ConfigureAwait(false);
        await ApplyAsync(draft).ConfigureAwait(false);
        await AdvanceDeploymentsAsync().ConfigureAwait(false);
        return new DeploymentResult(draft.DeploymentId, version);
    }

    /// <summary>
    /// The checked plan of the move to <paramref name="target"/> and what storing it writes; 409/403/422
    /// when refused. Changes nothing but the rollback versions kept under the new deployment's id.
    /// </summary>
    private DeployDraft Draft(RootGroup target, bool force, DateTimeOffset version,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? toKill, string? restart)
    {
        string deploymentId = Guid.NewGuid().ToString("D");
        (DeploymentPlan plan, AppChanges changes) = PlanFor(target, deploymentId, version, toKill, restart);

        var conflicts = new List<RunningDeployment>();
        int running = 0;
        foreach (RunningDeployment other in _deployments)
        {
            if (_planningBatch is { } b && b.Cancelled.Contains(other))
                continue;
            running++;
            if (other.Plan.ConflictsWith(plan))
                conflicts.Add(other);
        }
        if (_planningBatch is { } batch)
        {
            foreach (RunningDeployment other in batch.DraftedDeployments())
            {
                running++;
                if (other.Plan.ConflictsWith(plan))
                    conflicts.Add(other);
            }
        }
        if (conflicts.Count > 0 && !force)
            throw ApiException.Locked(conflicts.ConvertAll(c => c.Plan.Id));
        if (running - conflicts.Count >= _options.MaxRunningDeployments)
            throw new ApiException(403, $"Max number ({_options.MaxRunningDeployments}) of running deployments is achieved. Wait for existing deployments to complete or cancel one using force=true parameter. You can use the /v2/deployments endpoint to list running deployments.");

        // Stored before anything is answered or launched, in one group commit: every new app
        // version, the tree as the root's version, the deployment, and (added by StoreAsync) the
        // tree (its step advances are stored later, in the background: SaveDeployment).
        RunningDeployment? deployment = plan.IsEmpty ? null : new RunningDeployment(plan);
        if (deployment is not null)
            (_versionsBefore[deploymentId], _targetsOf[deploymentId]) = ChangedApps(changes);
        var entries = new List<KeyValuePair<string, byte[]>>();
        foreach (AppDefinition app in changes.After)
        {
            if (app.Version == version)
                entries.Add(new KeyValuePair<string, byte[]>(VersionKey(app.Id, version), AppJsonWriter.Utf8(app)));
        }
        byte[] tree = RootGroupCodec.Write(target.Group);
        entries.Add(new KeyValuePair<string, byte[]>(GroupVersionKey(version), tree));
        if (deployment is not null)
            entries.Add(DeploymentEntry(deployment));
        return new DeployDraft(target, version, deploymentId, deployment, conflicts, entries, tree);
    }

    /// <summary>
    /// Stores <paramref name="drafts"/> in one write, the last one's tree as the current tree. When
    /// the write fails nothing changed: the drafts' deployments never started.
    /// </summary>
    private async Task StoreAsync(IReadOnlyList<DeployDraft> drafts)
    {
        var entries = new List<KeyValuePair<string, byte[]>>();
        foreach (DeployDraft draft in drafts)
            entries.AddRange(draft.Entries);
        entries.Add(new KeyValuePair<string, byte[]>(GroupKey, drafts[^1].TreeBytes));
        try
        {
            // Listed before the write, so a first read from the store cannot already hold these versions.
            List<DateTimeOffset> groupVersions = await StoredGroupVersionsAsync().ConfigureAwait(false);
            await _store.PutAllAsync(entries, _stopping.Token).ConfigureAwait(false);
            foreach (DeployDraft draft in drafts)
                AddGroupVersion(groupVersions, draft.Version);
            TrimGroupVersions(groupVersions);
        }
        catch
        {
            foreach (DeployDraft draft in drafts)
            {
                if (draft.Running is not null)
                {
                    _versionsBefore.Remove(draft.DeploymentId);
                    _targetsOf.Remove(draft.DeploymentId);
                }
            }
            throw;
        }
    }

    /// <summary>A stored draft takes effect: the tree, its deployment (not yet advanced), the forced-out deployments cancelled.</summary>
    private async Task ApplyAsync(DeployDraft draft)
    {
        RootGroup target = draft.Target;
        foreach (RunningDeployment cancelled in draft.Conflicts)
        {
            RemoveDeployment(cancelled);
            Metrics.DeploymentsDismissed.Increment();
            PublishDeployment("deployment_failed", cancelled, $"cancelled by the forced deployment {draft.DeploymentId}");
            ForgetDeployment(cancelled.Plan.Id);
            _log?.Invoke($"I Deployment {cancelled.Plan.Id} cancelled by the forced deployment {draft.DeploymentId}");
        }
        _root = target;
        KeepServicePorts();
        foreach (AppDefinition app in target.TransitiveApps())
            Track(app);
        ForgetFailuresOfRemovedApps();
        if (draft.Running is { } running)
        {
            _deployments.Add(running);
            Metrics.Deployments.Increment();
        }
        // Pruned once the new deployment is registered, so the versions it rolls back to are kept.
        foreach (AppDefinition app in target.TransitiveApps())
        {
            if (app.Version == draft.Version)
                await PruneVersionsAsync(app).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The apps a deployment changes, as kept for its rollback and stored with it: before, the
    /// original definitions of apps it changed or removed; after, the definitions it added or
    /// changed. An app carried over unchanged (the same definition) is in neither — a rollback
    /// leaves it as it is either way — so one app's POST keeps and stores one app, not the tree.
    /// </summary>
    private static (Dictionary<string, AppDefinition> Before, List<AppDefinition> After) ChangedApps(AppChanges changes)
    {
        var before = new Dictionary<string, AppDefinition>(changes.Before.Count, StringComparer.Ordinal);
        foreach (AppDefinition app in changes.Before)
            before[app.Id.ToString()] = app;
        return (before, [.. changes.After]);
    }

    /// <summary>
    /// The plan from the current tree to <paramref name="target"/> (validated as a whole: ids,
    /// dependencies, app/group clashes; 422 otherwise), and the apps the move changes. Nothing changes.
    /// </summary>
    private (DeploymentPlan Plan, AppChanges Changes) PlanFor(RootGroup target, string deploymentId, DateTimeOffset version,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? toKill = null, string? restart = null)
    {
        // Only the apps the change made get the per-app rules: the others are the current (valid)
        // tree's own definitions.
        AppChanges changes = AppChanges.Between(_root.Group, target.Group);
        var changed = new HashSet<AppDefinition>(changes.After, ReferenceEqualityComparer.Instance);
        ValidationResult validation = GroupValidator.Validate(target, changed);
        if (!validation.IsValid)
            throw new ValidationFailedException(ValidationFailedException.NotValid, validation.Errors);

        // An app the change did not touch adds no action, and without dependencies it moves no
        // other app to a later step: the planner gets the changed apps only, and a POST into a tree
        // of thousands costs what it costs in an empty one. Dependencies layer the steps along paths
        // that may pass through untouched apps, so then (and for a restart, which names its app) the
        // planner gets every app. AppChangesTests checks that both give one plan.
        bool whole = restart is not null || _root.HasDependencies || target.HasDependencies;
        IReadOnlyList<AppDefinition> originalApps = whole ? _root.TransitiveApps() : changes.Before;
        IReadOnlyList<AppDefinition> targetApps = whole ? target.TransitiveApps() : changes.After;
        var original = new List<PlanApp>(originalApps.Count);
        var originalById = new Dictionary<string, AppDefinition>(originalApps.Count, StringComparer.Ordinal);
        foreach (AppDefinition app in originalApps)
        {
            original.Add(new PlanApp(app.Id.ToString(), app.Instances, DependencyIds(_root, app)));
            originalById[app.Id.ToString()] = app;
        }
        var planned = new List<PlanApp>(targetApps.Count);
        foreach (AppDefinition app in targetApps)
        {
            string id = app.Id.ToString();
            bool restartIt = id == restart || (originalById.TryGetValue(id, out AppDefinition? before) && !ReferenceEquals(app, before) && app.IsUpgrade(before));
            planned.Add(new PlanApp(id, app.Instances, DependencyIds(target, app), restartIt));
        }

        if (!DeploymentPlanner.TryPlan(deploymentId, version, original, planned, toKill, out DeploymentPlan? plan, out string? error))
            throw new ValidationFailedException(ValidationFailedException.NotValid, [new ValidationError("/", [error])]);
        return (plan, changes);
    }

    private static IReadOnlyList<string> DependencyIds(RootGroup root, AppDefinition app)
    {
        IReadOnlyList<AppDefinition> dependencies = root.DependenciesOf(app);
        if (dependencies.Count == 0)
            return [];
        var ids = new string[dependencies.Count];
        for (int i = 0; i < ids.Length; i++)
            ids[i] = dependencies[i].Id.ToString();
        return ids;
    }

    private static string VersionKey(PathId id, DateTimeOffset version) =>
        VersionsPrefix + "/" + id.ToString().TrimStart('/').Replace('/', '_') + "/" + Http.Timestamps.Format(version);

    /// <summary>The stored version timestamps of an app, newest first.</summary>
    internal async Task<IReadOnlyList<DateTimeOffset>> VersionsAsync(PathId id)
    {
        IReadOnlyList<string> names = await _store.ListAsync(VersionsPrefix + "/" + id.ToString().TrimStart('/').Replace('/', '_'), _stopping.Token).ConfigureAwait(false);
        var versions = new List<DateTimeOffset>(names.Count);
        foreach (string name in names)
        {
            if (Http.Timestamps.TryParse(name, out DateTimeOffset version))
                versions.Add(version);
        }
        versions.Sort((a, b) => b.CompareTo(a));
        return versions;
    }

    /// <summary>An app as of a stored version, or null.</summary>
    internal async Task<AppDefinition?> ReadVersionAsync(PathId id, DateTimeOffset version)
    {
        byte[]? bytes = await _store.GetAsync(VersionKey(id, version), _stopping.Token).ConfigureAwait(false);
        if (bytes is null)
            return null;
        AppReadResult read = AppJsonReader.Read(Encoding.UTF8.GetString(bytes));
        return read.App;
    }

    private static void ThrowIfInvalid(AppReadResult read)
    {
        if (read.IsMalformed)
            throw new ValidationFailedException(ValidationFailedException.InvalidJson) { MalformedDetails = read.MalformedDetails };
        if (read.JsonErrors.Count > 0)
            throw new ValidationFailedException(ValidationFailedException.InvalidJson, read.JsonErrors);
        ValidationResult validation = AppValidator.Validate(read);
        if (!validation.IsValid)
            throw new ValidationFailedException(ValidationFailedException.NotValid, validation.Errors);
    }

    /// <summary>Checks a body read for POST; throws the 400/422 it deserves.</summary>
    internal static AppDefinition Valid(AppReadResult read)
    {
        ThrowIfInvalid(read);
        return read.App!;
    }

    internal RootGroup Root => _root;

    internal IReadOnlyCollection<Instance> Instances => _instances.Values;

    internal IReadOnlyList<RunningDeployment> Deployments => _deployments;

    internal AppRuntimeState? AppState(string appId) => _apps.GetValueOrDefault(appId);

    internal Apps.Launching.QueueDelay QueueDelayOf(string appId, DateTimeOffset version) => _backoff.QueueDelay(appId, version, Now);

    internal DateTimeOffset UtcNow => Now;
}

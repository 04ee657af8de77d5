namespace FastMesos.Marathon.Runtime;

/// <summary>
/// A deployment's new instances are created in bounded slices: one advance of the deployments, or
/// one "starting instances" item, creates at most <see cref="Cli.MarathonOptions.InstancesCreatedPerItem"/>;
/// the rest wait here and the next item goes on. Creating the 8,000 instances of a deploy batch's
/// eight 1,000-instance apps held the loop ~20 ms after the batch (3 µs each on a loaded 2-core box),
/// and the next batch of POSTs waited for it (perf-reports/2026-12-07-deploy-batches/).
/// <para>
/// Invariant: an app has a pending entry only while the deployment that scales it runs and the app
/// keeps the definition the entry names; an entry's instances count as waiting for launch
/// (<see cref="AnyScheduled"/>, the queue's counts) although they do not exist yet. A scale step is not
/// done before they exist and run (<see cref="ScaleDone"/> counts existing instances).
/// </para>
/// </summary>
public sealed partial class MarathonRuntime
{
    // App id → the instances its deployment's scale has still to create.
    private readonly Dictionary<string, PendingStart> _pendingStarts = new(StringComparer.Ordinal);

    /// <summary>Instances the running advance or "starting instances" item may still create.</summary>
    private int _startBudget;

    /// <summary>True while a "starting instances" item is posted and has not started.</summary>
    private bool _startsPosted;

    /// <summary>
    /// How many of <paramref name="wanted"/> new instances of <paramref name="app"/> a scale by
    /// <paramref name="deployment"/> creates now; the rest are left to "starting instances" items.
    /// A scale outside a deployment (recovery) creates all. Replaces what was pending for the app.
    /// </summary>
    private int StartsNow(string appId, Apps.Model.AppDefinition app, int wanted, RunningDeployment? deployment)
    {
        _pendingStarts.Remove(appId);
        if (deployment is null)
            return wanted;
        int now = Math.Clamp(_startBudget, 0, wanted);
        _startBudget -= now;
        if (now < wanted)
        {
            _pendingStarts[appId] = new PendingStart(deployment, app, wanted - now);
            PostPendingStarts();
        }
        return now;
    }

    private void PostPendingStarts()
    {
        if (_startsPosted)
            return;
        _startsPosted = true;
        Post(static r => r.StartPending(), "starting instances");
    }

    /// <summary>One "starting instances" item: up to a budget of the pending instances, then another item if some are left.</summary>
    private void StartPending()
    {
        _startsPosted = false;
        if (_pendingStarts.Count == 0)
            return;
        var running = new HashSet<RunningDeployment>(_deployments, ReferenceEqualityComparer.Instance);
        int budget = _options.InstancesCreatedPerItem;
        foreach ((string appId, PendingStart pending) in _pendingStarts.ToArray())
        {
            if (!running.Contains(pending.Deployment) || !_apps.TryGetValue(appId, out AppRuntimeState? state) || !ReferenceEquals(state.App, pending.App))
            {
                _pendingStarts.Remove(appId);
                continue;
            }
            if (budget == 0)
                break;
            int now = Math.Min(budget, pending.Remaining);
            for (int i = 0; i < now; i++)
                TrackReadiness(pending.Deployment, pending.App, NewInstance(pending.App));
            budget -= now;
            pending.Remaining -= now;
            if (pending.Remaining == 0)
                _pendingStarts.Remove(appId);
        }
        if (_pendingStarts.Count > 0)
            PostPendingStarts();
        FlushRevive();
    }

    /// <summary>The apps with instances still to be created, and how many.</summary>
    internal IEnumerable<(string AppId, int Count)> PendingStarts()
    {
        foreach ((string appId, PendingStart pending) in _pendingStarts)
            yield return (appId, pending.Remaining);
    }
}

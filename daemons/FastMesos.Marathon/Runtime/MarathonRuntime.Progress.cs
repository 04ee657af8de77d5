namespace FastMesos.Marathon.Runtime;

public sealed partial class MarathonRuntime
{
    // Per-app answers to "is this scale action done", computed when first asked and valid until the
    // instances change (cleared on every advance and when a step starts).
    private Dictionary<string, bool>? _scaleDone;

    // True while an AdvanceSoon item is queued on the loop.
    private bool _advanceQueued;

    /// <summary>
    /// Moves deployments forward after the status updates already queued on the loop were applied:
    /// a burst of N updates advances them once, not N times (each advance looks at every instance).
    /// Nothing is lost: the queued item runs after those updates and sees all of them.
    /// </summary>
    private void AdvanceSoon()
    {
        if (_advanceQueued)
            return;
        _advanceQueued = true;
        Post(static r =>
        {
            r._advanceQueued = false;
            return r.AdvanceDeploymentsAsync();
        }, "advancing deployments");
    }

    /// <summary>
    /// A scale action is done when the app's only instances are <paramref name="target"/> running,
    /// not unhealthy ones with goal Running (none decommissioned, none waiting or starting).
    /// </summary>
    private bool ScaleDone(string appId, int target)
    {
        _scaleDone ??= new Dictionary<string, bool>(StringComparer.Ordinal);
        ref bool done = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_scaleDone, appId, out bool known);
        if (!known)
            done = AllCountToward(InstancesOf(appId), target);
        return done;
    }

    /// <summary>
    /// True when <paramref name="instances"/> are exactly <paramref name="target"/>, all counting toward
    /// the deployment. Stops at the first that does not: every advance asks this of every running
    /// deployment, and a full pass over each app's instances made a thousand concurrent app POSTs
    /// quadratic (64% of a POST's time went here, perf-reports/2026-12-04-marathon-posts.md). While an
    /// app deploys, its instances mostly still wait, so the first or an early one decides.
    /// </summary>
    private bool AllCountToward(HashSet<Instance> instances, int target)
    {
        if (instances.Count != target)
            return false;
        foreach (Instance instance in instances)
        {
            if (instance.Goal == InstanceGoal.Decommissioned || !CountsTowardDeployment(instance))
                return false;
        }
        return true;
    }
}

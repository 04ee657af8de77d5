namespace FastMesos.Marathon.Runtime;

public sealed partial class MarathonRuntime
{
    // Per-app counts for "is this scale action done", built from the app's instances when first
    // asked and valid until the instances change (cleared on every advance and when a step starts).
    private Dictionary<string, ScaleTally>? _scaleTally;

    // True while an AdvanceSoon item is queued on the loop.
    private bool _advanceQueued;

    /// <summary>What <see cref="ScaleDone"/> needs about one app: its running healthy instances, and whether any is not (yet) so.</summary>
    private struct ScaleTally
    {
        public int Instances;
        public int Running;
        public bool Blocked;
    }

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
    private bool ScaleTallyDone(string appId, int target)
    {
        // Tallied per app on first question after a change, from the app's own instances: a pass
        // over every instance on each advance made 1,000 app POSTs quadratic.
        _scaleTally ??= new Dictionary<string, ScaleTally>(StringComparer.Ordinal);
        ref ScaleTally tally = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_scaleTally, appId, out bool known);
        if (!known)
            tally = TallyOf(appId);
        return tally.Instances > 0 ? !tally.Blocked && tally.Running == target : target == 0;
    }

    private ScaleTally TallyOf(string appId)
    {
        var tally = default(ScaleTally);
        foreach (Instance instance in InstancesOf(appId))
        {
            tally.Instances++;
            if (instance.Goal != InstanceGoal.Decommissioned && CountsTowardDeployment(instance))
                tally.Running++;
            else
                tally.Blocked = true;
        }
        return tally;
    }
}

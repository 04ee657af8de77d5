namespace FastMesos.Marathon.Runtime;

public sealed partial class MarathonRuntime
{
    // Per-app counts for "is this scale action done", built by one pass over the instances and
    // valid until the instances change (a step starts): checking every running deployment's scale
    // action separately walked every instance once per deployment, for every status update.
    private Dictionary<string, ScaleTally>? _scaleTally;

    // True while an AdvanceSoon item is queued on the loop.
    private bool _advanceQueued;

    /// <summary>What <see cref="ScaleDone"/> needs about one app: its running healthy instances, and whether any is not (yet) so.</summary>
    private struct ScaleTally
    {
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
        _scaleTally ??= BuildScaleTally();
        return _scaleTally.TryGetValue(appId, out ScaleTally tally) ? !tally.Blocked && tally.Running == target : target == 0;
    }

    private Dictionary<string, ScaleTally> BuildScaleTally()
    {
        var tallies = new Dictionary<string, ScaleTally>(_apps.Count, StringComparer.Ordinal);
        foreach (Instance instance in _instances.Values)
        {
            ref ScaleTally tally = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(tallies, instance.AppId, out _);
            if (instance.Goal != InstanceGoal.Decommissioned && CountsTowardDeployment(instance))
                tally.Running++;
            else
                tally.Blocked = true;
        }
        return tallies;
    }
}

using FastMesos.Messages;

namespace FastMesos.Marathon.Runtime;

public sealed partial class MarathonRuntime
{
    /// <summary>
    /// The instances of each app, beside <see cref="_instances"/>: per-app questions (scale, restart,
    /// stop, placement) cost the app's instances instead of every instance, which made creating
    /// 1,000 apps quadratic (perf-reports/2026-12-04-marathon.md).
    /// <para>Invariant: an instance is in <c>_instancesByApp[instance.AppId]</c> exactly while it is
    /// in <see cref="_instances"/>; both change only through <see cref="AddInstance"/> and
    /// <see cref="RemoveInstance"/>.</para>
    /// </summary>
    private readonly Dictionary<string, HashSet<Instance>> _instancesByApp = new(StringComparer.Ordinal);

    private static readonly HashSet<Instance> NoInstances = [];

    /// <summary>
    /// The launch queue: per app with entries, in app id order (the order offers are matched in),
    /// the instances that wait for an offer in the order they started to wait, and possibly some
    /// that no longer do. The offer path takes instances off the front of an app's queue; it used
    /// to regroup the whole queue by app on every offer event, which cost hundreds of milliseconds
    /// of Marathon's loop per event once a thousand apps' worth (a million instances) waited
    /// (perf-reports/2026-12-07-deploy-api-latency/).
    /// <para>Invariant: every known instance that <see cref="WaitsForLaunch"/> is in its app's queue,
    /// once (<see cref="Instance.InLaunchQueue"/>). An instance starts to wait only when added
    /// (<see cref="AddInstance"/>) or rescheduled (<see cref="Reschedule"/>), and both queue it.
    /// Entries that stopped waiting (decommissioned, removed, replaced) are dropped when they reach
    /// the front of their queue (<see cref="HasWaiting"/>), and an app whose queue empties is dropped
    /// by <see cref="PruneLaunchQueues"/>.</para>
    /// </summary>
    private readonly SortedList<string, Queue<Instance>> _launchQueues = new(StringComparer.Ordinal);

    /// <summary>True for an instance that still waits for an offer to run on.</summary>
    private static bool WaitsForLaunch(Instance instance) =>
        instance.Indexed && instance.IsScheduled && instance.Goal == InstanceGoal.Running;

    /// <summary>Queues <paramref name="instance"/> for launch unless it is queued already.</summary>
    private void QueueForLaunch(Instance instance)
    {
        if (instance.InLaunchQueue)
            return;
        instance.InLaunchQueue = true;
        if (!_launchQueues.TryGetValue(instance.AppId, out Queue<Instance>? queue))
            _launchQueues.Add(instance.AppId, queue = new Queue<Instance>());
        queue.Enqueue(instance);
    }

    /// <summary>
    /// Drops the entries at the front of <paramref name="queue"/> that stopped waiting; true when an
    /// instance that waits is left at its front (so <see cref="TakeWaiting"/> may take it).
    /// </summary>
    private static bool HasWaiting(Queue<Instance> queue)
    {
        while (queue.TryPeek(out Instance? first))
        {
            if (WaitsForLaunch(first))
                return true;
            first.InLaunchQueue = false;
            queue.Dequeue();
        }
        return false;
    }

    /// <summary>Takes the waiting instance at the front of <paramref name="queue"/>; call after <see cref="HasWaiting"/> said true.</summary>
    private static Instance TakeWaiting(Queue<Instance> queue)
    {
        Instance instance = queue.Dequeue();
        instance.InLaunchQueue = false;
        return instance;
    }

    /// <summary>Drops the apps whose queue holds no waiting instance at its front; true when one is left.</summary>
    private bool PruneLaunchQueues()
    {
        for (int i = _launchQueues.Count - 1; i >= 0; i--)
        {
            if (!HasWaiting(_launchQueues.GetValueAtIndex(i)))
                _launchQueues.RemoveAt(i);
        }
        return _launchQueues.Count > 0;
    }

    /// <summary>
    /// What the once-a-second housekeeping looks at: instances whose task may have to be killed for
    /// not starting in time, or replaced for being unreachable, and possibly some that no longer do.
    /// Housekeeping scanned every instance before: 75–100 ms of Marathon's loop each second at a
    /// million instances, a wait for every REST call queued meanwhile
    /// (perf-reports/2026-12-07-deploy-api-latency/).
    /// <para>Invariant: every known instance that <see cref="NeedsHousekeeping"/> is in it. An
    /// instance starts to need it only when added, launched (staging), updated to a starting state
    /// or found unreachable, and each of those puts it here. Entries that stopped needing it or were
    /// removed are dropped by the next housekeeping pass.
    /// Each instance is listed at most once (<see cref="Instance.Housekept"/>).</para>
    /// <para>A list and a flag, not a set: a launch flood lists every launched instance until it
    /// runs (hundreds of thousands at a time), and adding them to a hash set of that size cost a
    /// cache miss each, ~2% of Marathon's CPU in a 1,000 × 1,000 deploy; a list appends in order.</para>
    /// </summary>
    private readonly List<Instance> _housekept = [];

    /// <summary>Staging or starting since a launch (the launch timeout runs), or unreachable while it should run.</summary>
    private static bool NeedsHousekeeping(Instance instance) =>
        (instance.State is TaskState.Staging or TaskState.Starting && instance.StagedAt is not null)
        || (instance.UnreachableSince is not null && instance.Goal == InstanceGoal.Running);

    /// <summary>Puts <paramref name="instance"/> under housekeeping when it needs it (see <see cref="_housekept"/>).</summary>
    private void Housekeep(Instance instance)
    {
        if (!instance.Housekept && NeedsHousekeeping(instance))
        {
            instance.Housekept = true;
            _housekept.Add(instance);
        }
    }

    private void AddInstance(Instance instance)
    {
        Instance? replaced = _instances.Put(instance);
        if (replaced is not null)
        {
            replaced.Indexed = false;   // its launch queue and housekeeping entries, if any, are dropped when reached
            if (_instancesByApp.TryGetValue(replaced.AppId, out HashSet<Instance>? previous))
                previous.Remove(replaced);
        }
        instance.Indexed = true;
        if (!_instancesByApp.TryGetValue(instance.AppId, out HashSet<Instance>? set))
            _instancesByApp[instance.AppId] = set = [];
        set.Add(instance);
        if (WaitsForLaunch(instance))
            QueueForLaunch(instance);
        Housekeep(instance);
    }

    private void RemoveInstance(Instance instance)
    {
        if (!_instances.Remove(instance, out Instance? removed))
            return;
        removed.Indexed = false;   // its launch queue and housekeeping entries, if any, are dropped when reached
        if (_instancesByApp.TryGetValue(removed.AppId, out HashSet<Instance>? set))
        {
            set.Remove(removed);
            if (set.Count == 0)
                _instancesByApp.Remove(removed.AppId);
        }
    }

    /// <summary>The app's instances (any goal); do not add or remove instances while enumerating it.</summary>
    private HashSet<Instance> InstancesOf(string appId) =>
        _instancesByApp.TryGetValue(appId, out HashSet<Instance>? set) ? set : NoInstances;

    /// <summary>The app's instances (any goal), for the API's per-app views; read on the loop only.</summary>
    internal IReadOnlyCollection<Instance> InstancesOfApp(string appId) => InstancesOf(appId);
}

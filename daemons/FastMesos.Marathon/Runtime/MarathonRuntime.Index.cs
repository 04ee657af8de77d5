using System.Runtime.InteropServices;

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
    /// The launch queue: every instance that waits for an offer (<see cref="Instance.IsScheduled"/>),
    /// and possibly some that no longer do. The offer path reads it instead of scanning every
    /// instance per offer event (a million at 1,000 × 1,000).
    /// <para>Invariant: every known instance that <see cref="Instance.IsScheduled"/> is in it. An
    /// instance becomes scheduled only when added (<see cref="AddInstance"/>) or rescheduled
    /// (<see cref="Reschedule"/>), and both put it here. Entries that were launched or stopped
    /// waiting are dropped by the next <see cref="TakeLaunchQueue"/>; removed instances at once.</para>
    /// </summary>
    private readonly HashSet<Instance> _launchQueue = [];

    // TakeLaunchQueue's scratch: entries found no longer waiting.
    private readonly List<Instance> _launchQueueStale = [];

    private void AddInstance(Instance instance)
    {
        // One lookup of a million-entry table per instance (a new one's id is new), not a removal
        // and then an insertion: each walk of the table is a wait for memory.
        ref Instance? slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_instances, instance.InstanceId, out bool existed);
        Instance? replaced = existed ? slot : null;
        slot = instance;
        if (replaced is not null)
        {
            replaced.Indexed = false;
            _launchQueue.Remove(replaced);
            if (_instancesByApp.TryGetValue(replaced.AppId, out HashSet<Instance>? previous))
                previous.Remove(replaced);
        }
        instance.Indexed = true;
        if (!_instancesByApp.TryGetValue(instance.AppId, out HashSet<Instance>? set))
            _instancesByApp[instance.AppId] = set = [];
        set.Add(instance);
        if (instance.IsScheduled)
            _launchQueue.Add(instance);
    }

    /// <summary>
    /// The launch queue with the instances that stopped waiting dropped: what is left waits for an
    /// offer with the goal Running. Enumerate it at once; it changes with the next launch or reschedule.
    /// </summary>
    private HashSet<Instance> TakeLaunchQueue()
    {
        foreach (Instance instance in _launchQueue)
        {
            if (!instance.IsScheduled || instance.Goal != InstanceGoal.Running)
                _launchQueueStale.Add(instance);
        }
        foreach (Instance instance in _launchQueueStale)
            _launchQueue.Remove(instance);
        _launchQueueStale.Clear();
        return _launchQueue;
    }

    private void RemoveInstance(Instance instance)
    {
        if (!_instances.Remove(instance.InstanceId, out Instance? removed))
            return;
        removed.Indexed = false;
        _launchQueue.Remove(removed);
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

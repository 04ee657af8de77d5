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

    private void AddInstance(Instance instance)
    {
        if (_instances.Remove(instance.InstanceId, out Instance? replaced) && _instancesByApp.TryGetValue(replaced.AppId, out HashSet<Instance>? previous))
            previous.Remove(replaced);
        _instances[instance.InstanceId] = instance;
        if (!_instancesByApp.TryGetValue(instance.AppId, out HashSet<Instance>? set))
            _instancesByApp[instance.AppId] = set = [];
        set.Add(instance);
    }

    private void RemoveInstance(Instance instance)
    {
        if (!_instances.Remove(instance.InstanceId, out Instance? removed))
            return;
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

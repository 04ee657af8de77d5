using FastMesos.Apps.Deployments;

namespace FastMesos.Apps.Tests;

/// <summary>
/// Plays the cluster around a <see cref="TaskReplacement"/>: applies its orders (kills mark old
/// instances as killing, launches create new ones), feeds events back and records the extremes of
/// the instance and healthy counts. An old instance being killed counts as not healthy (conservative).
/// </summary>
sealed class DeploymentsReplacementSimulator
{
    readonly HashSet<string> _oldActive = [];
    readonly HashSet<string> _oldKilling = [];
    readonly HashSet<string> _newLaunched = [];
    readonly HashSet<string> _newHealthy = [];
    readonly HashSet<string> _oldUnhealthy = [];
    int _nextNew;

    public DeploymentsReplacementSimulator(int n, double minHealth, double overCapacity, bool resident, int old, int unhealthyOld = 0)
    {
        var instances = new ReplacedInstance[old];
        for (int i = 0; i < old; i++)
        {
            instances[i] = new ReplacedInstance($"old-{i}", i >= unhealthyOld);
            _oldActive.Add(instances[i].Id);
            if (!instances[i].Healthy)
                _oldUnhealthy.Add(instances[i].Id);
        }
        Replacement = new TaskReplacement(n, minHealth, overCapacity, resident, instances);
        OldHealthy = old - unhealthyOld;
        MaxInstancesSeen = old;
        MinHealthySeen = int.MaxValue;
        Apply(Replacement.Start());
    }

    public TaskReplacement Replacement { get; }
    public int OldHealthy { get; private set; }
    public int MaxInstancesSeen { get; private set; }
    public int MinHealthySeen { get; private set; }
    public List<string> Log { get; } = [];
    public IReadOnlyCollection<string> Killing => _oldKilling;
    public IReadOnlyCollection<string> OldActive => _oldActive;
    public IEnumerable<string> NewNotHealthy
    {
        get
        {
            foreach (string id in _newLaunched)
            {
                if (!_newHealthy.Contains(id))
                    yield return id;
            }
        }
    }
    public List<string> OldNotKilling(bool unhealthy)
    {
        var ids = new List<string>();
        foreach (string id in _oldActive)
        {
            if (!_oldKilling.Contains(id) && _oldUnhealthy.Contains(id) == unhealthy)
                ids.Add(id);
        }
        return ids;
    }

    public int Instances => _oldActive.Count + _newLaunched.Count;
    public int Healthy => OldHealthy + _newHealthy.Count;
    public int NewCount => _newLaunched.Count;
    public bool Done { get; private set; }

    public void KillCompletes(string oldId) => Old(oldId, "killed");

    public void OldDiesItself(string oldId) => Old(oldId, "died");

    public void NewBecomesHealthy(string id)
    {
        _newHealthy.Add(id);
        Log.Add($"healthy {id}");
        Apply(Replacement.OnNewHealthy(id));
    }

    public void NewFails(string id)
    {
        _newLaunched.Remove(id);
        _newHealthy.Remove(id);
        Log.Add($"failed {id}");
        Apply(Replacement.OnNewTerminal(id));
    }

    /// <summary>Finishes every pending kill and makes every new instance healthy until done (bounded).</summary>
    public void RunToCompletion()
    {
        for (int round = 0; round < 1000 && !Done; round++)
        {
            foreach (string id in new List<string>(_oldKilling))
                KillCompletes(id);
            foreach (string id in new List<string>(NewNotHealthy))
                NewBecomesHealthy(id);
        }
    }

    /// <summary>Runs to completion and checks the end state and the extremes seen on the way.</summary>
    public void FinishAndAssert(int maxInstances, int minHealthy)
    {
        RunToCompletion();
        Assert.True(Done);
        Assert.Equal(_newLaunched.Count, Replacement.NewHealthy);
        Assert.Empty(_oldActive);
        Assert.Equal(maxInstances, MaxInstancesSeen);
        Assert.Equal(minHealthy, MinHealthySeen);
    }

    void Old(string oldId, string what)
    {
        if (!_oldKilling.Remove(oldId) && _oldActive.Contains(oldId) && !_oldUnhealthy.Contains(oldId))
            OldHealthy--;
        _oldActive.Remove(oldId);
        Log.Add($"{what} {oldId}");
        Apply(Replacement.OnOldTerminal(oldId));
    }

    void Apply(ReplacementOrder order)
    {
        foreach (string id in order.Kill)
        {
            Assert.Contains(id, _oldActive);
            Assert.True(_oldKilling.Add(id), $"{id} killed twice");
            if (!_oldUnhealthy.Contains(id))
                OldHealthy--;
            Log.Add($"kill {id}");
        }
        for (int i = 0; i < order.Launch; i++)
        {
            string id = $"new-{_nextNew++}";
            _newLaunched.Add(id);
            Log.Add($"launch {id}");
            ReplacementOrder idle = Replacement.OnNewLaunched(id);
            Assert.True(idle.IsIdle);
        }
        Done = order.Done;
        MaxInstancesSeen = Math.Max(MaxInstancesSeen, Instances);
        MinHealthySeen = Math.Min(MinHealthySeen, Healthy);
        Assert.Equal(Replacement.OldActive, _oldActive.Count);
        Assert.Equal(Replacement.Started, _newLaunched.Count);
    }
}

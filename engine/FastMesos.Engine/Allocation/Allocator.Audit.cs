namespace FastMesos.Engine;

public sealed partial class Allocator
{
    /// <summary>
    /// Checks the engine's accounting invariants and returns what is violated (empty when all hold).
    /// Slow (allocates, walks everything): for tests, the simulator's self-check and debugging.
    /// (1) Per agent: free + offered + used == total, scalars exactly and ranges by cardinality, so
    ///     no value is in two places. (2) No negative free scalar. (3) Per subscription: its
    ///     allocation == its offers + tasks + executors. (4) Per role: Alloc == Σ of its subtree's
    ///     subscriptions. (5) Every outstanding offer is on a live, active agent and a live framework.
    ///     (6) The kept total over live agents (<see cref="ScalarTotal"/>) is their totals' sum.
    /// </summary>
    public List<string> Audit()
    {
        var problems = new List<string>();
        var perAgent = new Bundle?[_agentCount];
        var subAlloc = new long[_subCount * _k];
        for (int a = 0; a < _agentCount; a++)
        {
            if (!_agentLive[a])
                continue;
            Bundle acc = NewBundle();
            CopyFree(a, acc);
            for (int k = 0; k < _kUsed; k++)
            {
                if (_free[a * _k + k] < 0)
                    problems.Add($"agent {_agentId[a]}: negative free {Kinds.ScalarName(k)}");
            }
            perAgent[a] = acc;
        }
        for (int o = 0; o < _offerCount; o++)
        {
            if (!_offerLive[o])
                continue;
            int a = _offerAgent[o];
            if (!_agentLive[a] || !_hot[a].Active)
                problems.Add($"offer {_offerId[o]} is on an agent that is gone or inactive");
            else
                AddCounted(a, perAgent[a]!, _offerRes[o]);
            if (!_fwLive[_subFw[_offerSub[o]]])
                problems.Add($"offer {_offerId[o]} belongs to a removed framework");
            AddScalars(subAlloc, _offerSub[o], _offerRes[o]);
        }
        for (int t = 0; t < _taskCount; t++)
        {
            if (!IsLiveTask(t))
                continue;
            Bundle held = TaskBundleScratch(t);
            AddCounted(_taskAgent[t], perAgent[_taskAgent[t]]!, held);
            AddScalars(subAlloc, _taskSub[t], held);
        }
        AuditTaskLists(problems);
        for (int e = 0; e < _execCount; e++)
        {
            if (_execRes[e] is null)
                continue;
            AddCounted(_execKey[e].Agent, perAgent[_execKey[e].Agent]!, _execRes[e]!);
            AddScalars(subAlloc, _execSub[e], _execRes[e]!);
        }
        for (int a = 0; a < _agentCount; a++)
        {
            if (perAgent[a] is null)
                continue;
            Bundle total = _total[a];
            for (int k = 0; k < _kUsed; k++)
            {
                if (perAgent[a]!.ScalarTotal(k) != total.ScalarTotal(k))
                    problems.Add($"agent {_agentId[a]}: free+offered+used {Kinds.ScalarName(k)} = {perAgent[a]!.ScalarTotal(k)} but total = {total.ScalarTotal(k)} (milli)");
            }
            for (int r = 0; r < Kinds.RangeCount; r++)
            {
                ulong want = Cardinality(total, r);
                ulong have = _counted.TryGetValue((a, r), out ulong c) ? c : 0;
                have += FreeCardinality(a, r);
                if (want != have)
                    problems.Add($"agent {_agentId[a]}: {Kinds.RangeName(r)} count free+offered+used = {have} but total = {want}: a value is missing or in two places");
            }
        }
        _counted.Clear();
        var live = new long[_kUsed];
        for (int a = 0; a < _agentCount; a++)
        {
            if (!_agentLive[a])
                continue;
            for (int k = 0; k < _kUsed; k++)
                live[k] += _total[a].ScalarTotal(k);
        }
        for (int k = 0; k < _kUsed; k++)
        {
            if (live[k] != _liveTotal[k])
                problems.Add($"live agents' {Kinds.ScalarName(k)} total = {live[k]} but the kept total = {_liveTotal[k]} (milli)");
        }
        for (int s = 0; s < _subCount; s++)
        {
            if (!_fwLive[_subFw[s]] || FindSub(_subFw[s], Roles.Name[_subRole[s]]) != s)
                continue;
            for (int k = 0; k < _kUsed; k++)
            {
                if (subAlloc[s * _k + k] != _subAlloc[s * _k + k])
                    problems.Add($"subscription {_fwId[_subFw[s]]}/{Roles.Name[_subRole[s]]}: allocation {Kinds.ScalarName(k)} = {_subAlloc[s * _k + k]} but offers+tasks hold {subAlloc[s * _k + k]}");
            }
        }
        var roleAlloc = new long[Roles.Count * _k];
        for (int s = 0; s < _subCount; s++)
        {
            if (!_fwLive[_subFw[s]] || FindSub(_subFw[s], Roles.Name[_subRole[s]]) != s)
                continue;
            for (int n = _subRole[s]; n > RoleTree.Root; n = Roles.Parent[n])
            {
                for (int k = 0; k < _kUsed; k++)
                    roleAlloc[n * _k + k] += _subAlloc[s * _k + k];
            }
        }
        for (int n = 1; n < Roles.Count; n++)
        {
            for (int k = 0; k < _kUsed; k++)
            {
                if (roleAlloc[n * _k + k] != Roles.Alloc[n * _k + k])
                    problems.Add($"role {Roles.Name[n]}: allocation {Kinds.ScalarName(k)} = {Roles.Alloc[n * _k + k]} but its subscriptions hold {roleAlloc[n * _k + k]}");
            }
        }
        return problems;
    }

    private readonly Dictionary<(int Agent, int Kind), ulong> _counted = [];
    private void AddCounted(int a, Bundle acc, Bundle b)
    {
        acc.AddAll(b);
        for (int r = 0; r < Kinds.RangeCount; r++)
        {
            ulong c = Cardinality(b, r);
            if (c == 0)
                continue;
            var key = (a, r);
            _counted[key] = (_counted.TryGetValue(key, out ulong v) ? v : 0) + c;
        }
    }

    private static ulong Cardinality(Bundle b, int r)
    {
        ulong total = 0;
        for (int p = 0; p < b.Count; p++)
            total += b.RangesOf(p, r)?.Cardinality ?? 0;
        return total;
    }

    private ulong FreeCardinality(int a, int r)
    {
        ulong total = _freeRanges[a * _r + r]?.Cardinality ?? 0;
        Bundle? reserved = _hot[a].ReservedFree;
        if (reserved is not null)
            total += Cardinality(reserved, r);
        return total;
    }

    private void AddScalars(long[] into, int sub, Bundle b)
    {
        for (int k = 0; k < _kUsed; k++)
            into[sub * _k + k] += b.ScalarTotal(k);
    }
}

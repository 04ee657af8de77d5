using FastMesos.Messages;

namespace FastMesos.Engine;

public sealed partial class Allocator
{
    private readonly Dictionary<string, int> _agentSlots = new(StringComparer.Ordinal);
    private readonly Stack<int> _freeAgentSlots = new();
    private int _agentCount;          // high-water mark of agent slots
    private int _liveAgents;
    private string?[] _agentId = [];
    private AgentHot[] _hot = [];
    private bool[] _agentLive = [];
    private long[] _free = [];              // [agent*K + k]: unreserved, not offered, not used
    private RangeSet?[] _freeRanges = [];   // [agent*R + r]: unreserved ranges, not offered, not used
    private Bundle[] _total = [];           // capacity, all portions (changes with RESERVE/UNRESERVE/CREATE/DESTROY)
    private int[] _agentFirstTask = [];     // the ledger's tasks on each agent: a list through _taskNextOnAgent (-1 ends it)
    private Dictionary<string, VolumeInfo>?[] _volumes = [];

    /// <summary>Bumped when the set of (subscription, agent) candidates may have grown for reasons other than free resources.</summary>
    private int _eligibilityGen = 1;

    private void InitAgents() => GrowAgents(16);

    private void GrowAgents(int size)
    {
        Array.Resize(ref _agentId, size);
        Array.Resize(ref _hot, size);
        Array.Resize(ref _agentLive, size);
        Array.Resize(ref _free, size * _k);
        Array.Resize(ref _freeRanges, size * _r);
        Array.Resize(ref _total, size);
        Array.Resize(ref _contentSnapshot, size);
        Array.Resize(ref _lastRefused, size);
        Array.Resize(ref _lastRefusedRole, size);
        Array.Resize(ref _lastRefusedContent, size);
        Array.Resize(ref _lastRefusedStamp, size);
        Array.Resize(ref _agentFirstTask, size);
        Array.Resize(ref _volumes, size);
        Array.Resize(ref _pendingAgent, size);
        Array.Resize(ref _candidates, size);
        EnsureFilterBits();
    }

    /// <summary>
    /// Makes room for <paramref name="agents"/> agent slots, so that adding that many copies no
    /// column and grows no index. A master recovering its registry knows how many agents are about
    /// to re-register: grown by doubling during their storm instead, the columns were copied under
    /// the master's lock (13–34 ms at the 8,192nd agent of a storm), and with the master's own
    /// indexes they left ~1.2 KB of garbage per agent (perf-reports/2026-12-07-recovery-room-and-phase-figures/).
    /// </summary>
    public void EnsureAgentCapacity(int agents)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(agents);
        if (agents > _agentId.Length)
            GrowAgents(agents);
        _agentSlots.EnsureCapacity(agents);
    }

    /// <summary>The agent slots the columns hold before they grow again.</summary>
    internal int AgentCapacity => _agentId.Length;

    /// <summary>Agents currently registered.</summary>
    public int AgentCount => _liveAgents;

    /// <summary>One past the highest agent slot ever used: iterate slots below it and check <see cref="IsAgent"/>.</summary>
    public int AgentSlotLimit => _agentCount;

    public bool IsAgent(int agent) => (uint)agent < (uint)_agentCount && _agentLive[agent];

    public int FindAgent(string agentId) => _agentSlots.TryGetValue(agentId, out int slot) ? slot : -1;

    public string AgentId(int agent) => _agentId[agent]!;

    public bool IsAgentActive(int agent) => IsAgent(agent) && _hot[agent].Active;

    /// <summary>
    /// Registers an agent with its total resources (unreserved and statically reserved). Roles named
    /// by reservations are created. Resources used by tasks the agent already runs
    /// (re-registration) are not offered; record them with <see cref="AddRunningTask"/> afterwards.
    /// Returns the agent's slot.
    /// </summary>
    public int AddAgent(string agentId, Resources total)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        ArgumentNullException.ThrowIfNull(total);
        if (_agentSlots.ContainsKey(agentId))
            ThrowHelper.ThrowEngine($"agent '{agentId}' is already registered");
        Bundle bundle = ToBundle(total, validateRoles: true);

        int a = _freeAgentSlots.Count > 0 ? _freeAgentSlots.Pop() : _agentCount++;
        if (a >= _agentId.Length)
            GrowAgents(Math.Max(16, _agentId.Length * 2));
        _agentSlots[agentId] = a;
        _agentId[a] = agentId;
        _agentLive[a] = true;
        _hot[a].Active = true;
        _liveAgents++;
        _total[a] = bundle;
        _hot[a].BlockedUntil = 0;
        _lastRefused[a] = null;
        _agentFirstTask[a] = -1;
        _volumes[a]?.Clear();
        _hot[a].Filters?.Clear();
        Array.Clear(_filterBits, a * _filterWords, _filterWords);
        AddToFree(a, bundle);
        NewContent(a);
        AddReservationsToRoles(bundle, +1);
        _hot[a].HasGpus = bundle.ScalarTotal(ResourceKinds.Gpus) > 0;
        AddToLiveTotal(a, +1);
        AddToClusterTotal(a, +1);
        MarkCandidate(a);
        return a;
    }

    /// <summary>
    /// Changes an agent's total (e.g. re-registration with other resources). Outstanding offers are
    /// rescinded first. Fails without change when the new total does not cover what the agent's
    /// tasks and executors use.
    /// </summary>
    public void UpdateAgent(int agent, Resources total)
    {
        CheckAgent(agent);
        Bundle bundle = ToBundle(total, validateRoles: true);
        // Used resources stay used; the free pool is the new total minus what tasks and their
        // executors hold. Checked before the rescinds, so a refused update changes nothing.
        Bundle used = NewBundle();
        for (int t = _agentFirstTask[agent]; t >= 0; t = _taskNextOnAgent[t])
            used.AddAll(TaskBundleScratch(t));
        for (int e = 0; e < _execCount; e++)
        {
            if (_execRes[e] is not null && _execKey[e].Agent == agent)
                used.AddAll(_execRes[e]!);
        }
        if (!bundle.Contains(used))
            ThrowHelper.ThrowEngine($"agent '{_agentId[agent]}': new total {ToResources(bundle)} does not cover the resources its tasks use");
        RescindOffersOnAgent(agent, RescindReason.AgentUpdated);
        // An inactive agent is not in the cluster total (DeactivateAgent took it out): keep it out.
        bool active = _hot[agent].Active;
        if (active)
            AddToClusterTotal(agent, -1);
        AddReservationsToRoles(_total[agent], -1);
        AddToLiveTotal(agent, -1);
        ClearFree(agent);
        _total[agent] = bundle;
        AddToLiveTotal(agent, +1);
        Bundle free = NewBundle();
        free.CopyFrom(bundle);
        free.Subtract(used);
        AddToFree(agent, free);
        AddReservationsToRoles(bundle, +1);
        _hot[agent].HasGpus = bundle.ScalarTotal(ResourceKinds.Gpus) > 0;
        if (active)
            AddToClusterTotal(agent, +1);
        _hot[agent].Filters?.Clear();
        NewContent(agent);
        _eligibilityGen++;
        MarkCandidate(agent);
    }

    /// <summary>Removes an agent: its offers are rescinded and its tasks leave the ledger (their resources with them).</summary>
    public void RemoveAgent(int agent)
    {
        CheckAgent(agent);
        RescindOffersOnAgent(agent, RescindReason.AgentRemoved);
        while (_agentFirstTask[agent] >= 0)
            ForgetTask(_agentFirstTask[agent], recover: false);
        if (_hot[agent].Active)
            AddToClusterTotal(agent, -1);
        AddReservationsToRoles(_total[agent], -1);
        AddToLiveTotal(agent, -1);
        ClearFree(agent);
        _agentSlots.Remove(_agentId[agent]!);
        _agentId[agent] = null;
        _agentLive[agent] = false;
        _hot[agent].Active = false;
        _hot[agent].Filters?.Clear();
        _volumes[agent]?.Clear();
        _liveAgents--;
        _freeAgentSlots.Push(agent);
    }

    /// <summary>Stops offering an agent (disconnected, draining) without forgetting it; its offers are rescinded.</summary>
    public void DeactivateAgent(int agent)
    {
        CheckAgent(agent);
        if (!_hot[agent].Active)
            return;
        RescindOffersOnAgent(agent, RescindReason.AgentDeactivated);
        _hot[agent].Active = false;
        AddToClusterTotal(agent, -1);
    }

    public void ActivateAgent(int agent)
    {
        CheckAgent(agent);
        if (_hot[agent].Active)
            return;
        _hot[agent].Active = true;
        AddToClusterTotal(agent, +1);
        MarkCandidate(agent);
    }

    private void CheckAgent(int agent)
    {
        if (!IsAgent(agent))
            ThrowHelper.ThrowUnknown("agent slot", agent.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Adds a bundle to the agent's free pools: unreserved into the flat arrays, reserved into its reserved bundle.</summary>
    private void AddToFree(int a, Bundle b)
    {
        int fb = a * _k;
        for (int p = 0; p < b.Count; p++)
        {
            int key = b.KeyAt(p);
            if (key == ReservationKey.Unreserved)
            {
                Span<long> s = b.ScalarsOf(p);
                for (int k = 0; k < s.Length; k++)
                    _free[fb + k] += s[k];
                for (int r = 0; r < _rUsed; r++)
                {
                    RangeSet? rs = b.RangesOf(p, r);
                    if (rs is not null && rs.Count != 0)
                        (_freeRanges[a * _r + r] ??= new RangeSet()).AddAll(rs);
                }
            }
            else
            {
                (_hot[a].ReservedFree ??= NewBundle()).AddPortion(b, p);
            }
        }
    }

    private void ClearFree(int a)
    {
        Array.Clear(_free, a * _k, _k);
        for (int r = 0; r < _rUsed; r++)
            _freeRanges[a * _r + r]?.Clear();
        _hot[a].ReservedFree?.Clear();
    }

    private void AddToLiveTotal(int a, int sign)
    {
        Bundle t = _total[a];
        for (int k = 0; k < _kUsed; k++)
            _liveTotal[k] += sign * t.ScalarTotal(k);
    }

    private void AddToClusterTotal(int a, int sign)
    {
        Bundle t = _total[a];
        for (int k = 0; k < _kUsed; k++)
            _clusterTotal[k] += sign * t.ScalarTotal(k);
        RecomputeInverseTotals();
    }

    /// <summary>Counts an agent's reserved portions into (or out of) the reserving roles' quota consumption.</summary>
    private void AddReservationsToRoles(Bundle b, int sign)
    {
        for (int p = 0; p < b.Count; p++)
        {
            int key = b.KeyAt(p);
            if (key == ReservationKey.Unreserved)
                continue;
            int role = ReservationKey.RoleOf(key);
            Span<long> s = b.ScalarsOf(p);
            for (int n = role; n > RoleTree.Root; n = Roles.Parent[n])
            {
                for (int k = 0; k < _kUsed; k++)
                    Roles.Reserved[n * _k + k] += sign * s[k];
                Roles.ReservationPools[n] += sign;
            }
            RefreshSaturation(Roles.TopLevel[role]);
        }
    }

    /// <summary>The agent's free resources as a <see cref="Resources"/> bag (cold path: for state endpoints and tests).</summary>
    public Resources FreeResources(int agent)
    {
        CheckAgent(agent);
        Bundle b = NewBundle();
        CopyFree(agent, b);
        return ToResources(b);
    }

    public Resources TotalResources(int agent)
    {
        CheckAgent(agent);
        return ToResources(_total[agent]);
    }

    private void CopyFree(int a, Bundle into)
    {
        into.Clear();
        int p = into.GetOrAddPortion(ReservationKey.Unreserved);
        Span<long> s = into.ScalarsOf(p);
        for (int k = 0; k < _kUsed; k++)
            s[k] = _free[a * _k + k];
        for (int r = 0; r < _rUsed; r++)
        {
            RangeSet? rs = _freeRanges[a * _r + r];
            if (rs is not null && rs.Count != 0)
                into.RangesFor(p, r).AddAll(rs);
        }
        Bundle? reserved = _hot[a].ReservedFree;
        if (reserved is not null)
            into.AddAll(reserved);
    }
}

namespace FastMesos.Engine;

public sealed partial class Allocator
{
    private readonly Dictionary<string, int> _frameworkSlots = new(StringComparer.Ordinal);
    private readonly Stack<int> _freeFrameworkSlots = new();
    private int _frameworkCount;
    private int _liveFrameworks;
    private string?[] _fwId = [];
    private bool[] _fwLive = [];
    private bool[] _fwActive = [];
    private FrameworkCapabilities[] _fwCaps = [];
    private int[][] _fwSubs = [];
    private int[] _fwSubCount = [];
    private int[] _fwOffers = [];

    // Subscriptions: one per (framework, role). The DRF "client" of a role's framework sorter.
    private readonly Stack<int> _freeSubSlots = new();
    private int _subCount;
    private int[] _subFw = [];
    private int[] _subRole = [];
    private long[] _subAlloc = [];      // [sub*K + k]: offered + launched
    private double[] _subShare = [];
    private long[] _subAllocCount = [];
    private bool[] _subSuppressed = [];
    private bool[] _subInOrder = [];

    // How many _subInOrder are true: zero when no framework takes offers (none subscribed, or every
    // one inactive or suppressed), and a run can then only expire offers (HasRunnableWork).
    private int _subsInOrder;
    private int[] _subStamp = [];
    private int[] _subFilterGen = [];

    private void InitFrameworks()
    {
        GrowFrameworks(16);
        GrowSubs(16);
    }

    private void GrowFrameworks(int size)
    {
        Array.Resize(ref _fwId, size);
        Array.Resize(ref _fwLive, size);
        Array.Resize(ref _fwActive, size);
        Array.Resize(ref _fwCaps, size);
        Array.Resize(ref _fwSubs, size);
        Array.Resize(ref _fwSubCount, size);
        Array.Resize(ref _fwOffers, size);
    }

    private void GrowSubs(int size)
    {
        Array.Resize(ref _subFw, size);
        Array.Resize(ref _subRole, size);
        Array.Resize(ref _subAlloc, size * _k);
        Array.Resize(ref _subShare, size);
        Array.Resize(ref _subAllocCount, size);
        Array.Resize(ref _subSuppressed, size);
        Array.Resize(ref _subInOrder, size);
        Array.Resize(ref _subStamp, size);
        Array.Resize(ref _subFilterGen, size);
        EnsureFilterBits();
    }

    public int FrameworkCount => _liveFrameworks;

    public int FindFramework(string frameworkId) => _frameworkSlots.TryGetValue(frameworkId, out int slot) ? slot : -1;

    public bool IsFramework(int fw) => (uint)fw < (uint)_frameworkCount && _fwLive[fw];

    public string FrameworkId(int fw) => _fwId[fw]!;

    /// <summary>
    /// Subscribes a framework to <paramref name="roles"/> (at least one; Mesos' default is <c>*</c>).
    /// Roles are created on first use. Triggers an allocation over all agents.
    /// </summary>
    public int AddFramework(string frameworkId, IReadOnlyList<string> roles, FrameworkCapabilities capabilities = FrameworkCapabilities.None)
    {
        ArgumentException.ThrowIfNullOrEmpty(frameworkId);
        ArgumentNullException.ThrowIfNull(roles);
        if (_frameworkSlots.ContainsKey(frameworkId))
            ThrowHelper.ThrowEngine($"framework '{frameworkId}' is already registered");
        if (roles.Count == 0)
            ThrowHelper.ThrowEngine($"framework '{frameworkId}' names no role");
        // Validate every role before creating anything, so a bad role changes nothing.
        for (int i = 0; i < roles.Count; i++)
        {
            string role = roles[i];
            string? error = Messages.RoleName.Validate(role);
            if (error is not null)
                ThrowHelper.ThrowEngine($"framework '{frameworkId}': invalid role '{role}': {error}");
            for (int j = 0; j < i; j++)
            {
                if (roles[j] == role)
                    ThrowHelper.ThrowEngine($"framework '{frameworkId}': role '{role}' is listed twice");
            }
        }

        int fw = _freeFrameworkSlots.Count > 0 ? _freeFrameworkSlots.Pop() : _frameworkCount++;
        if (fw >= _fwId.Length)
            GrowFrameworks(Math.Max(16, _fwId.Length * 2));
        _frameworkSlots[frameworkId] = fw;
        _fwId[fw] = frameworkId;
        _fwLive[fw] = true;
        _fwActive[fw] = true;
        _fwCaps[fw] = capabilities;
        _fwOffers[fw] = 0;
        _fwSubs[fw] = new int[roles.Count];
        _fwSubCount[fw] = 0;
        _liveFrameworks++;
        for (int i = 0; i < roles.Count; i++)
            AddSubscription(fw, Roles.GetOrAdd(roles[i]));
        _eligibilityGen++;
        MarkAllCandidates();
        return fw;
    }

    /// <summary>Removes a framework: its offers are rescinded, its tasks leave the ledger and their resources return.</summary>
    public void RemoveFramework(int fw)
    {
        CheckFramework(fw);
        RescindOffersOfFramework(fw, RescindReason.FrameworkRemoved);
        for (int t = 0; t < _taskCount; t++)
        {
            if (IsLiveTask(t) && _subFw[_taskSub[t]] == fw)
                ForgetTask(t, recover: true);
        }
        for (int i = 0; i < _fwSubCount[fw]; i++)
        {
            int sub = _fwSubs[fw][i];
            SetSubInOrder(sub, false);
            _subFilterGen[sub]++;
            ClearFilterBits(sub);
            _freeSubSlots.Push(sub);
        }
        _fwSubCount[fw] = 0;
        _frameworkSlots.Remove(_fwId[fw]!);
        _fwId[fw] = null;
        _fwLive[fw] = false;
        _fwActive[fw] = false;
        _liveFrameworks--;
        _freeFrameworkSlots.Push(fw);
        _eligibilityGen++;
    }

    /// <summary>A disconnected framework keeps its tasks but gets no offers; its outstanding offers are rescinded and its offer filters dropped.</summary>
    public void DeactivateFramework(int fw)
    {
        CheckFramework(fw);
        if (!_fwActive[fw])
            return;
        RescindOffersOfFramework(fw, RescindReason.FrameworkDeactivated);
        _fwActive[fw] = false;
        for (int i = 0; i < _fwSubCount[fw]; i++)
        {
            int sub = _fwSubs[fw][i];
            SetSubInOrder(sub, false);
            // Mesos drops a deactivated framework's offer filters, so a scheduler that reconnects
            // is offered at once rather than after the refuse_seconds of its old declines.
            _subFilterGen[sub]++;
            ClearFilterBits(sub);
        }
        _eligibilityGen++;
    }

    public void ActivateFramework(int fw)
    {
        CheckFramework(fw);
        if (_fwActive[fw])
            return;
        _fwActive[fw] = true;
        for (int i = 0; i < _fwSubCount[fw]; i++)
        {
            int sub = _fwSubs[fw][i];
            SetSubInOrder(sub, !_subSuppressed[sub]);
        }
        _eligibilityGen++;
        MarkAllCandidates();
    }

    /// <summary>SUPPRESS: no offers for the given roles (all of the framework's roles when null). Outstanding offers stay.</summary>
    public void Suppress(int fw, IReadOnlyList<string>? roles = null)
    {
        CheckFramework(fw);
        for (int i = 0; i < _fwSubCount[fw]; i++)
        {
            int sub = _fwSubs[fw][i];
            if (roles is null || Contains(roles, Roles.Name[_subRole[sub]]))
            {
                _subSuppressed[sub] = true;
                SetSubInOrder(sub, false);
            }
        }
        _eligibilityGen++;
    }

    /// <summary>REVIVE: ends suppression and clears every offer filter of the given roles, then triggers an allocation.</summary>
    public void Revive(int fw, IReadOnlyList<string>? roles = null)
    {
        CheckFramework(fw);
        for (int i = 0; i < _fwSubCount[fw]; i++)
        {
            int sub = _fwSubs[fw][i];
            if (roles is null || Contains(roles, Roles.Name[_subRole[sub]]))
            {
                _subSuppressed[sub] = false;
                _subFilterGen[sub]++;
                ClearFilterBits(sub);
                SetSubInOrder(sub, _fwActive[fw]);
            }
        }
        _eligibilityGen++;
        MarkAllCandidates();
    }

    public bool IsSuppressed(int fw, string role)
    {
        CheckFramework(fw);
        int sub = FindSub(fw, role);
        return sub >= 0 && _subSuppressed[sub];
    }

    /// <summary>The framework's DRF share in a role (allocation ÷ cluster total, dominant resource).</summary>
    public double FrameworkShare(int fw, string role)
    {
        CheckFramework(fw);
        int sub = FindSub(fw, role);
        return sub < 0 ? 0 : ShareOf(_subAlloc, sub * _k);
    }

    /// <summary>What a framework holds in a role: offered plus launched, per scalar name.</summary>
    public double FrameworkAllocated(int fw, string role, string resource)
    {
        CheckFramework(fw);
        int sub = FindSub(fw, role);
        if (sub < 0 || !Kinds.TryGetScalar(resource, out int kind))
            return 0;
        return _subAlloc[sub * _k + kind] / (double)Messages.Scalar.Scale;
    }

    internal int FindSub(int fw, string role)
    {
        for (int i = 0; i < _fwSubCount[fw]; i++)
        {
            int sub = _fwSubs[fw][i];
            if (Roles.Name[_subRole[sub]] == role)
                return sub;
        }
        return -1;
    }

    private void CheckFramework(int fw)
    {
        if (!IsFramework(fw))
            ThrowHelper.ThrowUnknown("framework slot", fw.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static bool Contains(IReadOnlyList<string> list, string item)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] == item)
                return true;
        }
        return false;
    }

    private void AddSubscription(int fw, int role)
    {
        int sub = _freeSubSlots.Count > 0 ? _freeSubSlots.Pop() : _subCount++;
        if (sub >= _subFw.Length)
            GrowSubs(Math.Max(16, _subFw.Length * 2));
        _subFw[sub] = fw;
        _subRole[sub] = role;
        Array.Clear(_subAlloc, sub * _k, _k);
        _subShare[sub] = 0;
        _subAllocCount[sub] = 0;
        _subSuppressed[sub] = false;
        _subInOrder[sub] = false;
        _subFilterGen[sub]++;
        _fwSubs[fw][_fwSubCount[fw]++] = sub;
        SetSubInOrder(sub, true);
    }

    /// <summary>Puts a subscription into (or takes it out of) its role's order, keeping ancestors' membership right.</summary>
    private void SetSubInOrder(int sub, bool inOrder)
    {
        if (_subInOrder[sub] == inOrder)
            return;
        _subInOrder[sub] = inOrder;
        _subsInOrder += inOrder ? 1 : -1;
        int role = _subRole[sub];
        if (inOrder)
        {
            _subShare[sub] = ShareOf(_subAlloc, sub * _k);
            SortedOrder.Insert(ref Roles.Subs[role], ref Roles.SubCount[role], sub, new ShareComparer(_subShare, _subAllocCount));
        }
        else
        {
            SortedOrder.Remove(Roles.Subs[role], ref Roles.SubCount[role], sub);
        }
        int delta = inOrder ? 1 : -1;
        for (int n = role; n > RoleTree.Root; n = Roles.Parent[n])
        {
            Roles.ActiveSubs[n] += delta;
            RefreshMembership(n);
        }
    }

    /// <summary>Invariant (2) of <see cref="RoleTree"/>: a node is in its parent's order iff it has active subscriptions and is not saturated.</summary>
    private void RefreshMembership(int node)
    {
        bool want = Roles.ActiveSubs[node] > 0 && !Roles.Saturated[node];
        if (want == Roles.InOrder[node])
            return;
        Roles.InOrder[node] = want;
        int parent = Roles.Parent[node];
        if (want)
        {
            Roles.Share[node] = ShareOf(Roles.Alloc, node * _k) / Roles.Weight[node];
            SortedOrder.Insert(ref Roles.Children[parent], ref Roles.ChildCount[parent], node, Roles.Comparer);
        }
        else
        {
            SortedOrder.Remove(Roles.Children[parent], ref Roles.ChildCount[parent], node);
        }
        _eligibilityGen++;
    }
}

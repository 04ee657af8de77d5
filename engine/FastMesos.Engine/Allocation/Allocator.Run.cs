namespace FastMesos.Engine;

public sealed partial class Allocator
{
    private bool _pendingAll = true;
    private bool[] _pendingAgent = [];
    private int[] _candidates = [];
    private int _pendingCount;
    private int _visit;
    private long _runs;
    private readonly long[] _candTotal = new long[64];
    private Bundle _cand = null!;
    private readonly int[] _pathIndex = new int[64];
    private double[] _sortKeys = new double[16];

    // Per-visit walk state.
    private int _walkOffers;
    private bool _walkUncacheable;
    private bool _walkBitsValid;
    private long _walkMinExpiry;
    private AllocationRunStats _stats;

    /// <summary>True when a trigger (agent added, resources recovered, framework added, revive) awaits a run.</summary>
    public bool HasPendingAllocation => _pendingAll || _pendingCount > 0;

    /// <summary>Completed allocation runs (Mesos' <c>allocator/mesos/allocation_runs</c>).</summary>
    public long AllocationRuns => _runs;

    /// <summary>
    /// True when a pending run would do anything: a framework takes offers, or an offer is
    /// outstanding (a run may expire it). Else the triggers wait, their candidate agents kept, for
    /// the first run after a framework comes to take offers: in a register storm or a failover no
    /// framework is subscribed yet, and a run per few agents cost the master a thread-pool hop and
    /// its lock each time, for nothing (perf-reports/2026-12-06-idle-allocation-runs/).
    /// </summary>
    public bool HasRunnableWork => HasPendingAllocation && (_subsInOrder > 0 || _liveOffers > 0);

    /// <summary>Asks the next run to visit every agent: the periodic <c>allocation_interval</c> tick.</summary>
    public void RequestAllocation() => _pendingAll = true;

    private void MarkCandidate(int a)
    {
        if (_pendingAll || _pendingAgent[a])
            return;
        _pendingAgent[a] = true;
        _candidates[_pendingCount++] = a;
    }

    private void MarkAllCandidates() => _pendingAll = true;

    /// <summary>
    /// Voids every agent's "fully filtered" shortcut, as any eligibility change does (a framework
    /// subscribing, a role leaving quota saturation), so the next run examines every (agent,
    /// subscription) pair again. Filters and their bit proofs stay. For the simulator's cold figure.
    /// </summary>
    internal void InvalidateBlockedAgents() => _eligibilityGen++;

    /// <summary>
    /// One allocation run. Triggers since the last run only marked candidate agents; this drains
    /// them in a shuffled order, first for roles below their quota guarantee, then for everyone by
    /// DRF order. New offers are listed by <see cref="LastOffers"/>; offers that timed out are in
    /// <see cref="PendingRescinds"/>. A burst of triggers costs one run.
    /// </summary>
    public AllocationRunStats RunAllocation()
    {
        long now = Now;
        _stats = default;
        _emittedCount = 0;
        if (_options.OfferTimeout is not null)
            ExpireOffers(now);
        if (_sharesDirty)
            ResortAll();
        if (_options.RoleSorter == SorterKind.Random || _options.FrameworkSorter == SorterKind.Random)
            ShuffleRandomOrders();

        int n = TakeCandidates();
        _stats.Candidates = n;
        if (n > 0)
        {
            Span<int> agents = _candidates.AsSpan(0, n);
            _rng.Shuffle(agents);
            ComputeHeadroom();
            if (_anyGuarantee && AnyUnmetGuarantee())
            {
                for (int i = 0; i < agents.Length; i++)
                    VisitAgent(agents[i], quotaStage: true, now);
                // Shuffle again so the quota stage's front bias does not carry into fair share (Mesos d13be843).
                _rng.Shuffle(agents);
            }
            for (int i = 0; i < agents.Length; i++)
                VisitAgent(agents[i], quotaStage: false, now);
        }
        _runs++;
        _stats.Offers = _emittedCount;
        return _stats;
    }

    /// <summary>Moves the pending candidate set into <see cref="_candidates"/>; returns how many.</summary>
    private int TakeCandidates()
    {
        int n;
        if (_pendingAll)
        {
            for (int i = 0; i < _pendingCount; i++)
                _pendingAgent[_candidates[i]] = false;
            n = 0;
            for (int a = 0; a < _agentCount; a++)
            {
                if (_hot[a].Active)
                    _candidates[n++] = a;
            }
            _pendingAll = false;
        }
        else
        {
            n = 0;
            for (int i = 0; i < _pendingCount; i++)
            {
                int a = _candidates[i];
                _pendingAgent[a] = false;
                if (_hot[a].Active)
                    _candidates[n++] = a;
            }
        }
        _pendingCount = 0;
        return n;
    }

    private bool AnyUnmetGuarantee()
    {
        int[] top = Roles.Children[RoleTree.Root];
        for (int i = 0; i < Roles.ChildCount[RoleTree.Root]; i++)
        {
            if (HasUnmetGuarantee(top[i]))
                return true;
        }
        return false;
    }

    private void VisitAgent(int a, bool quotaStage, long now)
    {
        if (!_hot[a].Active)
            return;
        if (_hot[a].BlockedUntil > now && _hot[a].BlockedGrowth == _hot[a].ContentId && _hot[a].BlockedGen == _eligibilityGen)
        {
            _stats.BlockedSkips++;
            return;
        }
        if (!AgentHasAllocatable(a))
            return;
        if (++_visit == int.MaxValue)
            ResetStamps();
        _walkOffers = 0;
        _walkUncacheable = false;
        // Offers shrink the agent and never change its content stamp, so this holds for the whole visit.
        _walkBitsValid = _hot[a].BitsStamp == _hot[a].ContentId && now < _hot[a].BitsMinExpiry;
        _walkMinExpiry = long.MaxValue;
        _stats.AgentVisits++;
        WalkNode(RoleTree.Root, 0, a, quotaStage, now);
        if (!quotaStage && _walkOffers == 0 && !_walkUncacheable && _walkMinExpiry != long.MaxValue)
        {
            // Every candidate was held back by a filter whose subset test holds for any free set
            // within the agent's content snapshot: skip the agent until the earliest filter expires
            // or something changes (the agent grows, or eligibility changes).
            _hot[a].BlockedUntil = _walkMinExpiry;
            _hot[a].BlockedGrowth = _hot[a].ContentId;
            _hot[a].BlockedGen = _eligibilityGen;
        }
    }

    private bool AgentHasAllocatable(int a)
    {
        if (IsAllocatable(_free, a * _k))
            return true;
        Bundle? reserved = _hot[a].ReservedFree;
        return reserved is not null && reserved.Count != 0 && !reserved.IsEmpty;
    }

    /// <summary>
    /// Visits a role node for agent <paramref name="a"/>: its own subscriptions, then its children,
    /// each in the node's current order. Returns true when the agent has nothing left to offer.
    /// The orders change while we walk (an allocation moves an entry right, a saturated role leaves);
    /// an entry that moved away from index i lets the next one slide into i, so i only advances when
    /// the entry at i is unchanged, and stamps keep anything from being visited twice per agent.
    /// </summary>
    private bool WalkNode(int node, int depth, int a, bool quotaStage, long now)
    {
        if (node != RoleTree.Root && Roles.SubCount[node] != 0)
        {
            // The filter bitset is checked inline first: on a heavily declined cluster almost every
            // pair stops here, at one load and one bit test (a filtered entry never moves, so it
            // needs no stamp either).
            bool bitsValid = _walkBitsValid;
            ulong[] bits = _filterBits;
            int bitBase = a * _filterWords;
            long bitHits = 0;
            int[] subs = Roles.Subs[node];
            int count = Roles.SubCount[node];
            for (int i = 0; i < count;)
            {
                int sub = subs[i];
                if (bitsValid && (bits[bitBase + (sub >> 6)] & (1UL << sub)) != 0)
                {
                    bitHits++;
                    i++;
                    continue;
                }
                if (_subStamp[sub] == _visit)
                {
                    i++;
                    continue;
                }
                _subStamp[sub] = _visit;
                _stats.CandidateChecks++;
                bool offered = TryOffer(sub, i, depth, a, now);
                if (offered && !AgentHasAllocatable(a) && !HasReservedFor(a))
                {
                    NoteBitHits(a, bitHits);
                    return true;
                }
                // An offer moves the entry (and may end saturation or membership): reload the order.
                subs = Roles.Subs[node];
                count = Roles.SubCount[node];
                if (i < count && subs[i] == sub)
                    i++;
            }
            NoteBitHits(a, bitHits);
        }
        for (int i = 0; i < Roles.ChildCount[node];)
        {
            int child = Roles.Children[node][i];
            if (Roles.Stamp[child] == _visit)
            {
                i++;
                continue;
            }
            Roles.Stamp[child] = _visit;
            if (quotaStage && node == RoleTree.Root && !HasUnmetGuarantee(child))
            {
                i++;
                continue;
            }
            _pathIndex[depth] = i;
            if (WalkNode(child, depth + 1, a, quotaStage, now))
                return true;
            if (i < Roles.ChildCount[node] && Roles.Children[node][i] == child)
                i++;
        }
        return false;
    }

    private bool HasReservedFor(int a)
    {
        Bundle? reserved = _hot[a].ReservedFree;
        return reserved is not null && reserved.Count != 0 && !reserved.IsEmpty;
    }

    /// <summary>
    /// Tries to offer agent <paramref name="a"/>'s resources to subscription <paramref name="sub"/>
    /// (at <paramref name="index"/> in its role's order). Cheap checks first (capabilities, offer cap,
    /// filter stamp), then the offerable set, the filter's subset test and min-allocatable.
    /// </summary>
    private bool TryOffer(int sub, int index, int depth, int a, long now)
    {
        // The caller (WalkNode) has already tested the filter bitset.
        int fw = _subFw[sub];
        if (_options.FilterGpuResources && _hot[a].HasGpus && (_fwCaps[fw] & FrameworkCapabilities.GpuResources) == 0)
            return false;
        if (_options.MaxOffersPerFramework > 0 && _fwOffers[fw] >= _options.MaxOffersPerFramework)
        {
            _walkUncacheable = true;
            return false;
        }
        int role = _subRole[sub];
        int top = Roles.TopLevel[role];
        bool quotaAffected = _anyGuarantee || Roles.HasQuota[top];

        FilterTable? filters = _hot[a].Filters;
        int slot = -1;
        if (filters is not null && filters.Count != 0)
        {
            slot = filters.Find(sub);
            if (slot >= 0)
            {
                if (filters.Gen[slot] != _subFilterGen[sub] || filters.Expiry[slot] <= now)
                {
                    filters.RemoveAt(slot);
                    ClearFilterBit(a, sub);
                    slot = -1;
                }
                else if (filters.Stamp[slot] == _hot[a].ContentId)
                {
                    SetFilterBit(a, sub, filters.Expiry[slot], now);
                    NoteFiltered(filters.Expiry[slot]);
                    return false;
                }
            }
        }

        BuildOfferable(a, role, top, quotaAffected, borrowRanges: true);
        if (slot >= 0)
        {
            Bundle refused = filters!.Refused[slot]!;
            if (refused.Contains(_cand))
            {
                // The subset test held for the current free set; it holds for every smaller one too,
                // but only a test against the content snapshot makes the stamp reusable.
                if (ContentOfferableWithin(a, role, refused))
                {
                    filters.Stamp[slot] = _hot[a].ContentId;
                    SetFilterBit(a, sub, filters.Expiry[slot], now);
                    NoteFiltered(filters.Expiry[slot]);
                }
                else
                {
                    _walkUncacheable = true;
                }
                ReturnBorrowed();
                return false;
            }
        }
        if (!CandidateAllocatable())
        {
            _walkUncacheable = true;
            ReturnBorrowed();
            return false;
        }
        _borrowedFrom = -1;   // the offer keeps the borrowed sets; the agent keeps the empty ones
        MakeOffer(sub, index, depth, a, role, top, now);
        return true;
    }

    /// <summary>Gives back range sets <see cref="BuildOfferable"/> borrowed from an agent when no offer was made.</summary>
    private void ReturnBorrowed()
    {
        int a = _borrowedFrom;
        if (a < 0)
            return;
        _borrowedFrom = -1;
        int p = _cand.IndexOf(ReservationKey.Unreserved);
        for (int r = 0; r < _rUsed; r++)
        {
            RangeSet? mine = _freeRanges[a * _r + r];
            if (mine is not null && mine.Count == 0)
                _cand.SwapRanges(p, r, ref _freeRanges[a * _r + r]);
        }
    }

    private int _borrowedFrom = -1;

    private void NoteBitHits(int a, long hits)
    {
        if (hits == 0)
            return;
        _stats.CandidateChecks += hits;
        _stats.FilteredChecks += hits;
        if (_hot[a].BitsMinExpiry < _walkMinExpiry)
            _walkMinExpiry = _hot[a].BitsMinExpiry;
    }

    private void NoteFiltered(long expiry)
    {
        _stats.FilteredChecks++;
        if (expiry < _walkMinExpiry)
            _walkMinExpiry = expiry;
    }

    /// <summary>Fills <see cref="_cand"/> with what agent <paramref name="a"/> can offer to <paramref name="role"/>: unreserved (quota-chopped) plus reservations of the role and its ancestors.</summary>
    private void BuildOfferable(int a, int role, int top, bool quotaAffected, bool borrowRanges = false)
    {
        Bundle c = _cand;
        c.Clear();
        int p = c.GetOrAddPortion(ReservationKey.Unreserved);
        Span<long> s = c.ScalarsOf(p);
        int fb = a * _k;
        for (int k = 0; k < _kUsed; k++)
        {
            long f = _free[fb + k];
            if (f != 0)
                s[k] = quotaAffected ? Allowance(top, k, f) : f;
        }
        for (int r = 0; r < _rUsed; r++)
        {
            RangeSet? rs = _freeRanges[a * _r + r];
            if (rs is null || rs.Count == 0)
                continue;
            if (borrowRanges)
            {
                // An offer always takes every free unreserved range, so the candidate borrows the
                // agent's set object and leaves its own empty one with the agent; ReturnBorrowed
                // undoes the exchange when no offer is made. Nothing reads the agent's free ranges
                // in between.
                c.RangesFor(p, r);
                c.SwapRanges(p, r, ref _freeRanges[a * _r + r]);
                _borrowedFrom = a;
            }
            else
            {
                c.RangesFor(p, r).CopyFrom(rs);
            }
        }
        Bundle? reserved = _hot[a].ReservedFree;
        if (reserved is not null)
        {
            for (int q = 0; q < reserved.Count; q++)
            {
                if (Roles.IsSameOrDescendant(role, ReservationKey.RoleOf(reserved.KeyAt(q))))
                    c.AddPortion(reserved, q);
            }
        }
    }

    /// <summary>Would the offerable set built from the agent's content snapshot fit in <paramref name="refused"/>?</summary>
    private bool ContentOfferableWithin(int a, int role, Bundle refused)
    {
        Bundle snap = _contentSnapshot[a]!;
        Bundle probe = _probe;
        probe.Clear();
        for (int q = 0; q < snap.Count; q++)
        {
            int key = snap.KeyAt(q);
            if (key == ReservationKey.Unreserved || Roles.IsSameOrDescendant(role, ReservationKey.RoleOf(key)))
                probe.AddPortion(snap, q);
        }
        return refused.Contains(probe);
    }

    private bool CandidateAllocatable()
    {
        Span<long> total = _candTotal.AsSpan(0, _k);
        total.Clear();
        bool anyRanges = false;
        for (int p = 0; p < _cand.Count; p++)
        {
            Span<long> s = _cand.ScalarsOf(p);
            for (int k = 0; k < _kUsed; k++)
                total[k] += s[k];
            anyRanges |= _cand.KeyAt(p) != ReservationKey.Unreserved && HasRanges(_cand, p);
        }
        // Reserved non-scalar resources (a reserved port range) are offered even without cpus or mem.
        return IsAllocatable(total) || anyRanges;
    }

    private bool HasRanges(Bundle b, int p)
    {
        for (int r = 0; r < _rUsed; r++)
        {
            RangeSet? rs = b.RangesOf(p, r);
            if (rs is not null && rs.Count != 0)
                return true;
        }
        return false;
    }

    /// <summary>Turns <see cref="_cand"/> into an offer: takes it off the agent and charges the subscription and its roles.</summary>
    private void MakeOffer(int sub, int index, int depth, int a, int role, int top, long now)
    {
        int o = NewOfferSlot();
        // Swap bundles instead of copying: the candidate becomes the offer, the offer's old (cleared) bundle becomes the next candidate.
        Bundle offered = _cand;
        _cand = _offerRes[o];
        _offerRes[o] = offered;

        int fb = a * _k;
        for (int p = 0; p < offered.Count; p++)
        {
            int key = offered.KeyAt(p);
            Span<long> s = offered.ScalarsOf(p);
            if (key == ReservationKey.Unreserved)
            {
                for (int k = 0; k < _kUsed; k++)
                {
                    long x = s[k];
                    if (x == 0)
                        continue;
                    long unmet = Roles.HasQuota[top] ? Roles.Guarantee[top * _k + k] - Consumed(top, k) : 0;
                    _free[fb + k] -= x;
                    ChargeHeadroom(top, k, x, unmet);
                }
                // Unreserved ranges were moved, not copied, by BuildOfferable: nothing to subtract.
            }
            else
            {
                Bundle reserved = _hot[a].ReservedFree!;
                int q = reserved.IndexOf(key);
                reserved.ScalarsOf(q).Clear();
                for (int r = 0; r < _rUsed; r++)
                    reserved.RangesOf(q, r)?.Clear();
            }
        }
        ChargeAllocation(sub, offered, +1, index, depth);
        if (Roles.HasQuota[top])
            RefreshSaturation(top);

        _offerSub[o] = sub;
        _offerAgent[o] = a;
        _offerCreated[o] = now;
        _fwOffers[_subFw[sub]]++;
        Emit(o);
        _walkOffers++;
    }

    /// <summary>
    /// Adds (<paramref name="sign"/> = +1) or removes (-1) <paramref name="b"/> from a subscription's
    /// allocation and its roles' subtree allocations, then restores the DRF order. When the caller
    /// is the walk, <paramref name="index"/> and <paramref name="depth"/> locate the entries so no
    /// search is needed; other callers pass -1.
    /// </summary>
    private void ChargeAllocation(int sub, Bundle b, int sign, int index, int depth)
    {
        int role = _subRole[sub];
        int sb = sub * _k;
        for (int p = 0; p < b.Count; p++)
        {
            bool unreserved = b.KeyAt(p) == ReservationKey.Unreserved;
            Span<long> s = b.ScalarsOf(p);
            for (int k = 0; k < _kUsed; k++)
            {
                long x = sign * s[k];
                if (x == 0)
                    continue;
                _subAlloc[sb + k] += x;
                for (int n = role; n > RoleTree.Root; n = Roles.Parent[n])
                {
                    Roles.Alloc[n * _k + k] += x;
                    if (unreserved)
                        Roles.AllocUnreserved[n * _k + k] += x;
                }
            }
        }
        if (sign > 0)
        {
            _subAllocCount[sub]++;
            for (int n = role; n > RoleTree.Root; n = Roles.Parent[n])
                Roles.AllocCount[n]++;
        }

        _subShare[sub] = ShareOf(_subAlloc, sb);
        if (_options.FrameworkSorter == SorterKind.Drf && _subInOrder[sub])
        {
            int[] order = Roles.Subs[role];
            int i = index >= 0 ? index : Array.IndexOf(order, sub, 0, Roles.SubCount[role]);
            SortedOrder.Reposition(order, Roles.SubCount[role], i, new ShareComparer(_subShare, _subAllocCount));
        }
        int d = index >= 0 ? depth - 1 : -1;
        for (int n = role; n > RoleTree.Root; n = Roles.Parent[n], d--)
        {
            Roles.Share[n] = ShareOf(Roles.Alloc, n * _k) / Roles.Weight[n];
            if (_options.RoleSorter != SorterKind.Drf || !Roles.InOrder[n])
                continue;
            int parent = Roles.Parent[n];
            int[] order = Roles.Children[parent];
            int i = d >= 0 ? _pathIndex[d] : Array.IndexOf(order, n, 0, Roles.ChildCount[parent]);
            if (i < 0 || i >= Roles.ChildCount[parent] || order[i] != n)
                i = Array.IndexOf(order, n, 0, Roles.ChildCount[parent]);
            SortedOrder.Reposition(order, Roles.ChildCount[parent], i, Roles.Comparer);
        }
    }

    /// <summary>Recomputes every share and fully re-sorts every order (after cluster totals or weights change).</summary>
    private void ResortAll()
    {
        _sharesDirty = false;
        for (int s = 0; s < _subCount; s++)
            _subShare[s] = ShareOf(_subAlloc, s * _k);
        for (int n = 1; n < Roles.Count; n++)
            Roles.Share[n] = ShareOf(Roles.Alloc, n * _k) / Roles.Weight[n];
        for (int n = 0; n < Roles.Count; n++)
        {
            if (_options.FrameworkSorter == SorterKind.Drf)
                SortedOrder.Sort(Roles.Subs[n], Roles.SubCount[n], new ShareComparer(_subShare, _subAllocCount));
            if (_options.RoleSorter == SorterKind.Drf)
                SortedOrder.Sort(Roles.Children[n], Roles.ChildCount[n], Roles.Comparer);
        }
    }

    /// <summary>The random sorter: a fresh weighted random order per run (keys u^(1/w), Efraimidis–Spirakis).</summary>
    private void ShuffleRandomOrders()
    {
        for (int n = 0; n < Roles.Count; n++)
        {
            if (_options.FrameworkSorter == SorterKind.Random)
                _rng.Shuffle(Roles.Subs[n].AsSpan(0, Roles.SubCount[n]));
            if (_options.RoleSorter == SorterKind.Random && Roles.ChildCount[n] > 1)
            {
                if (_sortKeys.Length < Roles.Count)
                    _sortKeys = new double[Roles.Count * 2];
                for (int i = 0; i < Roles.ChildCount[n]; i++)
                {
                    int c = Roles.Children[n][i];
                    _sortKeys[c] = -Math.Pow(_rng.NextUnit(), 1.0 / Roles.Weight[c]);
                }
                SortedOrder.Sort(Roles.Children[n], Roles.ChildCount[n], new KeyComparer(_sortKeys));
            }
        }
    }

    private void ResetStamps()
    {
        _visit = 1;
        Array.Clear(_subStamp);
        Array.Clear(Roles.Stamp);
    }

    private readonly struct KeyComparer(double[] keys) : IOrderComparer
    {
        public bool Less(int a, int b) => keys[a] < keys[b] || (keys[a] == keys[b] && a < b);
    }
}

using FastMesos.Messages;

namespace FastMesos.Engine;

public sealed partial class Allocator
{
    // An offer id carries its slot in the low bits (id = sequence << SlotBits | slot), so finding an
    // offer is an array read plus a check that the slot still holds that id: no hash table.
    private const int SlotBits = 24;
    private const long SlotMask = (1L << SlotBits) - 1;
    private readonly Stack<int> _freeOfferSlots = new();
    private int _offerCount;
    private int _liveOffers;
    private long _nextOfferSequence = 1;
    private long[] _offerId = [];
    private int[] _offerSub = [];
    private int[] _offerAgent = [];
    private long[] _offerCreated = [];
    private bool[] _offerLive = [];
    // A slot's bundle is made when the slot is first used (NewOfferSlot): slots at or past
    // _offerCount hold null. Made up front, a doubling to 16,384 slots built 8,192 bundles of which
    // a 10,000-agent cluster's first allocation used 1,800.
    private Bundle[] _offerRes = [];
    private long[] _emitted = new long[64];
    private int _emittedCount;
    private RescindEvent[] _rescinds = new RescindEvent[16];
    private int _rescindCount;
    private long[] _timeoutRing = new long[64];   // offer ids in creation order, for --offer_timeout
    private int _timeoutHead, _timeoutCount;
    private Bundle _scratch = null!;
    private Bundle _probe = null!;
    private Bundle?[] _contentSnapshot = [];
    private Bundle _lastOffered = null!;
    private Resources? _lastOfferedBag;
    private long _nextContentId = 1;

    private void InitOffers()
    {
        GrowOffers(64);
        _cand = NewBundle();
        _scratch = NewBundle();
        _probe = NewBundle();
        _lastOffered = NewBundle();
        Array.Resize(ref _contentSnapshot, _agentId.Length);
    }

    private void GrowOffers(int size)
    {
        Array.Resize(ref _offerId, size);
        Array.Resize(ref _offerSub, size);
        Array.Resize(ref _offerAgent, size);
        Array.Resize(ref _offerCreated, size);
        Array.Resize(ref _offerLive, size);
        Array.Resize(ref _offerRes, size);
    }

    /// <summary>Offers outstanding now.</summary>
    public int OutstandingOffers => _liveOffers;

    /// <summary>Ids of the offers the last <see cref="RunAllocation"/> made, in the order made.</summary>
    public ReadOnlySpan<long> LastOffers => _emitted.AsSpan(0, _emittedCount);

    /// <summary>Offers rescinded since the last <see cref="ClearRescinds"/>.</summary>
    public ReadOnlySpan<RescindEvent> PendingRescinds => _rescinds.AsSpan(0, _rescindCount);

    public void ClearRescinds() => _rescindCount = 0;

    public bool IsOutstanding(long offerId) => TryGetOfferSlot(offerId, out _);

    /// <summary>The framework an outstanding offer was made to, or -1.</summary>
    public int OfferFramework(long offerId) => TryGetOfferSlot(offerId, out int o) ? _subFw[_offerSub[o]] : -1;

    /// <summary>The role an outstanding offer was allocated to, or null (no conversion of its resources, unlike <see cref="GetOffer"/>).</summary>
    public string? OfferRole(long offerId) => TryGetOfferSlot(offerId, out int o) ? Roles.Name[_subRole[_offerSub[o]]] : null;

    /// <summary>The agent of an outstanding offer, or -1.</summary>
    public int OfferAgent(long offerId) => TryGetOfferSlot(offerId, out int o) ? _offerAgent[o] : -1;

    private bool TryGetOfferSlot(long offerId, out int slot)
    {
        slot = (int)(offerId & SlotMask);
        return offerId > 0 && slot < _offerCount && _offerLive[slot] && _offerId[slot] == offerId;
    }

    /// <summary>An outstanding offer with its resources as a <see cref="Resources"/> bag (converted unless equal to the last one's).</summary>
    public OfferInfo GetOffer(long offerId)
    {
        if (!TryGetOfferSlot(offerId, out int o))
            ThrowHelper.ThrowUnknown("offer", offerId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        int sub = _offerSub[o];
        return new OfferInfo(offerId, _subFw[sub], _offerAgent[o], Roles.Name[_subRole[sub]], OfferedResources(_offerRes[o]));
    }

    /// <summary>
    /// The bag of an offer's bundle: the last one made when the bundle equals the one it was made
    /// from. A run offers the agents of one shape one after another (a new framework after a
    /// failover is offered every agent at once), and equal offers share one immutable bag instead of
    /// each building its entries, ranges and arrays.
    /// Invariant: <see cref="_lastOfferedBag"/> is <see cref="ToResources"/> of <see cref="_lastOffered"/> (a copy, never an offer's own
    /// bundle); it stays right because a reservation key names one role for the allocator's life (the role tree only adds nodes).
    /// </summary>
    private Resources OfferedResources(Bundle offered)
    {
        if (_lastOfferedBag is not null && offered.SetEquals(_lastOffered))
            return _lastOfferedBag;
        Resources bag = ToResources(offered);
        _lastOffered.CopyFrom(offered);
        _lastOfferedBag = bag;
        return bag;
    }

    /// <summary>Scalar amount of <paramref name="resource"/> in an outstanding offer (hot-path friendly: no conversion).</summary>
    public double OfferScalar(long offerId, string resource)
    {
        if (!TryGetOfferSlot(offerId, out int o) || !Kinds.TryGetScalar(resource, out int kind))
            return 0;
        return _offerRes[o].ScalarTotal(kind) / (double)Scalar.Scale;
    }

    private int NewOfferSlot()
    {
        int o;
        if (_freeOfferSlots.Count > 0)
        {
            o = _freeOfferSlots.Pop();
        }
        else
        {
            o = _offerCount++;
            if (o > SlotMask)
                ThrowHelper.ThrowEngine($"more than {SlotMask} offers outstanding");
            if (o >= _offerId.Length)
                GrowOffers(_offerId.Length * 2);
            _offerRes[o] = NewBundle();
        }
        long id = (_nextOfferSequence++ << SlotBits) | (long)o;
        _offerId[o] = id;
        _offerLive[o] = true;
        _liveOffers++;
        if (_options.OfferTimeout is not null)
            PushTimeout(id);
        return o;
    }

    private void Emit(int o)
    {
        if (_emittedCount == _emitted.Length)
            Array.Resize(ref _emitted, _emitted.Length * 2);
        _emitted[_emittedCount++] = _offerId[o];
    }

    /// <summary>Removes an offer from the table (its bundle stays with the slot for reuse, cleared by the caller).</summary>
    private void RetireOffer(int o)
    {
        _offerLive[o] = false;
        _fwOffers[_subFw[_offerSub[o]]]--;
        _liveOffers--;
        _freeOfferSlots.Push(o);
    }

    /// <summary>
    /// DECLINE: the offer's resources return to the agent. With a positive refuse time a filter keeps
    /// them from this framework and role for max(refuse, allocation interval); zero means no filter,
    /// null or negative means the default (5 s); more than 365 days is capped.
    /// Returns false when the offer is unknown or not this framework's (nothing changes).
    /// </summary>
    public bool Decline(int fw, long offerId, double? refuseSeconds = null)
    {
        if (!IsFramework(fw) || !TryGetOfferSlot(offerId, out int o) || _subFw[_offerSub[o]] != fw)
            return false;
        int sub = _offerSub[o];
        int a = _offerAgent[o];
        Bundle res = _offerRes[o];
        RetireOffer(o);
        ReleaseToAgent(sub, a, res, refuseSeconds);
        res.Clear();
        return true;
    }

    /// <summary>Takes back an outstanding offer (operator or host decision); the resources return with no filter.</summary>
    public bool Rescind(long offerId, RescindReason reason = RescindReason.Operator)
    {
        if (!TryGetOfferSlot(offerId, out int o))
            return false;
        RescindSlot(o, reason);
        return true;
    }

    private void RescindSlot(int o, RescindReason reason)
    {
        int sub = _offerSub[o];
        int a = _offerAgent[o];
        AddRescind(new RescindEvent(_offerId[o], _subFw[sub], a, reason));
        Bundle res = _offerRes[o];
        RetireOffer(o);
        ReleaseToAgent(sub, a, res, refuseSeconds: 0);
        res.Clear();
    }

    private void AddRescind(RescindEvent e)
    {
        if (_rescindCount == _rescinds.Length)
            Array.Resize(ref _rescinds, _rescinds.Length * 2);
        _rescinds[_rescindCount++] = e;
    }

    private void RescindOffersOnAgent(int a, RescindReason reason)
    {
        for (int o = 0; o < _offerCount; o++)
        {
            if (_offerLive[o] && _offerAgent[o] == a)
                RescindSlot(o, reason);
        }
    }

    private void RescindOffersOfFramework(int fw, RescindReason reason)
    {
        for (int o = 0; o < _offerCount; o++)
        {
            if (_offerLive[o] && _subFw[_offerSub[o]] == fw)
                RescindSlot(o, reason);
        }
    }

    private void PushTimeout(long id)
    {
        if (_timeoutCount == _timeoutRing.Length)
        {
            var bigger = new long[_timeoutRing.Length * 2];
            for (int i = 0; i < _timeoutCount; i++)
                bigger[i] = _timeoutRing[(_timeoutHead + i) % _timeoutRing.Length];
            _timeoutRing = bigger;
            _timeoutHead = 0;
        }
        _timeoutRing[(_timeoutHead + _timeoutCount) % _timeoutRing.Length] = id;
        _timeoutCount++;
    }

    /// <summary>Rescinds offers older than <c>--offer_timeout</c>. Ids are queued in creation order, so only the head is examined.</summary>
    private void ExpireOffers(long now)
    {
        long timeout = Ticks(_options.OfferTimeout!.Value);
        while (_timeoutCount > 0)
        {
            long id = _timeoutRing[_timeoutHead];
            if (TryGetOfferSlot(id, out int o))
            {
                if (_offerCreated[o] + timeout > now)
                    break;
                RescindSlot(o, RescindReason.Timeout);
            }
            _timeoutHead = (_timeoutHead + 1) % _timeoutRing.Length;
            _timeoutCount--;
        }
    }

    /// <summary>
    /// Returns resources a subscription held (an offer's remainder, a finished task) to agent
    /// <paramref name="a"/>, uncharges the subscription, and installs a decline filter when asked.
    /// </summary>
    private void ReleaseToAgent(int sub, int a, Bundle res, double? refuseSeconds)
    {
        ChargeAllocation(sub, res, -1, -1, -1);
        int top = Roles.TopLevel[_subRole[sub]];
        if (Roles.HasQuota[top])
            RefreshSaturation(top);
        if (!_agentLive[a])
            return;
        AddToFree(a, res);
        NoteGrowth(a);
        MarkCandidate(a);

        // Negative, NaN or missing: the default (Mesos falls back to 5 s for invalid durations).
        double refuse = refuseSeconds is not { } given || !(given >= 0) ? _options.DefaultRefuse.TotalSeconds : given;
        if (refuse <= 0 || res.IsEmpty)
            return;
        refuse = Math.Min(refuse, 365 * 24 * 3600.0);
        refuse = Math.Max(refuse, _options.AllocationInterval.TotalSeconds);
        InstallFilter(sub, a, res, Now + (long)(refuse * _time.TimestampFrequency));
    }

    private void InstallFilter(int sub, int a, Bundle refused, long expiry)
    {
        // Filters of one agent usually refuse the same set (the whole agent): share one copy, and
        // reuse its subset proof while the agent's content and the role are the same.
        int role = _subRole[sub];
        Bundle copy;
        long stamp;
        EnsureSnapshot(a);
        if (_lastRefused[a] is { } last && last.SetEquals(refused))
        {
            copy = last;
            if (_lastRefusedRole[a] == role && _lastRefusedContent[a] == _hot[a].ContentId)
            {
                stamp = _lastRefusedStamp[a];
            }
            else
            {
                stamp = ContentOfferableWithin(a, role, copy) ? _hot[a].ContentId : -1;
                RememberProof(a, role, stamp);
            }
        }
        else
        {
            copy = CopyOf(refused);
            _lastRefused[a] = copy;
            stamp = ContentOfferableWithin(a, role, copy) ? _hot[a].ContentId : -1;
            RememberProof(a, role, stamp);
        }
        (_hot[a].Filters ??= new FilterTable()).Set(sub, expiry, stamp, _subFilterGen[sub], copy);
        if (stamp >= 0)
            SetFilterBit(a, sub, expiry, Now);
        else
            ClearFilterBit(a, sub);
    }

    private Bundle?[] _lastRefused = [];
    private int[] _lastRefusedRole = [];
    private long[] _lastRefusedContent = [];
    private long[] _lastRefusedStamp = [];

    private void RememberProof(int a, int role, long stamp)
    {
        _lastRefusedRole[a] = role;
        _lastRefusedContent[a] = _hot[a].ContentId;
        _lastRefusedStamp[a] = stamp;
    }

    private Bundle CopyOf(Bundle b)
    {
        Bundle copy = NewBundle();
        copy.CopyFrom(b);
        return copy;
    }

    /// <summary>
    /// Keeps the agent's content stamp honest after its free resources grew: if the free set still
    /// fits in the content snapshot, filters stamped with it stay valid; otherwise a new stamp and
    /// snapshot are taken (and every filter on the agent must prove its subset test again).
    /// </summary>
    private void NoteGrowth(int a)
    {
        Bundle? snap = _contentSnapshot[a];
        if (snap is not null)
        {
            CopyFree(a, _scratch);
            if (snap.Contains(_scratch))
                return;
        }
        NewContent(a);
    }

    /// <summary>
    /// Gives the agent a new content stamp. The snapshot itself is taken only on an agent that has
    /// filters (<see cref="EnsureSnapshot"/>): without filters nothing reads it, and most agents
    /// of a busy cluster never need one.
    /// </summary>
    private void NewContent(int a)
    {
        _hot[a].ContentId = _nextContentId++;
        Bundle? snap = _contentSnapshot[a];
        if (snap is not null)
            CopyFree(a, snap);
    }

    private void EnsureSnapshot(int a)
    {
        if (_contentSnapshot[a] is not null)
            return;
        Bundle snap = _contentSnapshot[a] = NewBundle();
        CopyFree(a, snap);
        _hot[a].ContentId = _nextContentId++;
    }

    /// <summary>
    /// Installs the filters that DECLINEs of agent <paramref name="agent"/>'s whole offerable set by
    /// each of <paramref name="frameworks"/> would leave, without making and declining the offers.
    /// For simulators that need "every framework has declined every agent" (10M filters) without a
    /// warm-up cycle per framework; the state is the same as after the real declines.
    /// </summary>
    internal void InstallDeclineFilters(int agent, ReadOnlySpan<int> frameworks, double refuseSeconds)
    {
        CheckAgent(agent);
        double refuse = double.IsFinite(refuseSeconds) && refuseSeconds >= 0 ? refuseSeconds : _options.DefaultRefuse.TotalSeconds;
        refuse = Math.Clamp(refuse, _options.AllocationInterval.TotalSeconds, 365 * 24 * 3600.0);
        long expiry = Now + (long)(refuse * _time.TimestampFrequency);
        int builtFor = -1;
        foreach (int fw in frameworks)
        {
            CheckFramework(fw);
            for (int i = 0; i < _fwSubCount[fw]; i++)
            {
                int sub = _fwSubs[fw][i];
                int role = _subRole[sub];
                if (role != builtFor)
                {
                    BuildOfferable(agent, role, Roles.TopLevel[role], quotaAffected: false);
                    builtFor = role;
                }
                InstallFilter(sub, agent, _cand, expiry);
            }
        }
        _cand.Clear();
    }
}

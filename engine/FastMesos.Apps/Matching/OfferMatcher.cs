using FastMesos.Messages;

namespace FastMesos.Apps.Matching;

/// <summary>
/// Matches one offer against one app: how many instances (up to a limit) fit, and for each the exact
/// resources and host ports to take. Checks run in Marathon's funnel order (<see cref="NoMatchReason"/>),
/// so a rejected offer reports its first failing check. Every further instance on the same offer is
/// re-checked against the constraints with the instances already chosen counted as placed (so
/// <c>["hostname","UNIQUE"]</c> allows one) and against what is left of the offer.
/// Not thread-safe: one matcher per matching thread. After warm-up (scratch grown to the largest
/// offer) a match allocates nothing.
/// </summary>
public sealed class OfferMatcher
{
    private const string Cpus = "cpus", Mem = "mem", Disk = "disk", Gpus = "gpus", PortsName = "ports";

    private readonly OfferMatch _result = new();
    private readonly FieldValues _fields = new();
    private bool[] _acceptable = new bool[8];
    private long[] _left = new long[8];          // milli left per scalar pool
    private ulong[] _used = new ulong[16];       // ports taken on this offer so far
    private int _usedCount;

    // Where the next dynamic port search starts, in scan order (reserved pools first, then pool,
    // range and port ascending). Invariant: every port before it in that order is in _used, so a
    // search never re-walks the ports earlier instances took: picking k ports on one offer is O(k²)
    // IsUsed steps instead of O(k³) (2.7% of Marathon's samples in a 1,000 × 1,000 deploy). Saved and
    // restored together with _usedCount when a trial assignment is rolled back.
    private PortCursor _cursor;

    /// <param name="restrictGpuScheduling">
    /// <c>--gpu_scheduling_behavior restricted</c> (Marathon's default since 1.8): apps without GPUs
    /// decline offers from agents with GPUs (<see cref="NoMatchReason.DeclinedScarceResources"/>).
    /// </param>
    public OfferMatcher(bool restrictGpuScheduling = true) => RestrictGpuScheduling = restrictGpuScheduling;

    public bool RestrictGpuScheduling { get; }

    /// <summary>
    /// Matches <paramref name="offer"/> for up to <paramref name="limit"/> instances (further capped by
    /// <see cref="LaunchRequirements.MaxInstancesPerOffer"/>). <paramref name="placed"/> counts the
    /// app's current instances for <see cref="LaunchRequirements.Constraints"/> (null when it has none);
    /// the chosen instances are not added to it: do that when they are launched.
    /// </summary>
    /// <param name="offer">The offer.</param>
    /// <param name="requirements">What one instance needs.</param>
    /// <param name="placed">The app's placed instances, counted per constraint; null without constraints.</param>
    /// <param name="limit">Instances still to launch.</param>
    /// <param name="agentUnderMaintenance">The agent is draining or inside a maintenance window.</param>
    /// <returns>The matcher's reused result, valid until the next call.</returns>
    public OfferMatch Match(in Offer offer, LaunchRequirements requirements, PlacedValues? placed, int limit,
        bool agentUnderMaintenance = false)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        OfferMatch r = _result;
        r.Count = 0;
        r.PortsPerInstance = requirements.HostPorts.Count;
        r.StopReason = NoMatchReason.None;
        int max = Math.Min(limit, requirements.MaxInstancesPerOffer);
        LoadPools(offer.Resources, requirements, out bool anyAcceptable);
        _usedCount = 0;
        _cursor = default;

        IReadOnlyList<CompiledConstraint> constraints = requirements.Constraints;
        if (constraints.Count > 0)
        {
            if (placed is null || placed.Constraints.Count != constraints.Count)
                ThrowHelper.Argument(nameof(placed), "placed values must count the requirements' constraints");
            _fields.Load(offer, constraints);
        }

        NoMatchReason first = FirstFailure(offer, requirements, placed, anyAcceptable, agentUnderMaintenance);
        r.Reason = first;
        if (first != NoMatchReason.None || max <= 0)
            return r;

        EnsureInstanceCapacity(max);
        for (int k = 0; k < max; k++)
        {
            NoMatchReason stop = k == 0 ? NoMatchReason.None : Recheck(requirements, placed, k);
            if (stop == NoMatchReason.None)
                stop = Take(requirements, k);
            if (stop != NoMatchReason.None)
            {
                r.StopReason = stop;
                break;
            }
            r.Count = k + 1;
        }
        if (r.Count == 0)
            r.Reason = r.StopReason;
        return r;
    }

    // The funnel for the first instance: every check, in Marathon's order.
    private NoMatchReason FirstFailure(in Offer offer, LaunchRequirements req, PlacedValues? placed, bool anyAcceptable, bool maintenance)
    {
        // Offers are per role since Mesos multi-role: one allocated to another role is not for this app.
        if (!anyAcceptable || (offer.AllocationRole is not null && offer.AllocationRole != req.Role))
            return NoMatchReason.UnfulfilledRole;
        if (!ConstraintsHold(req, placed, 0))
            return NoMatchReason.UnfulfilledConstraint;
        // NoCorrespondingReservationFound is for resident (persistent volume) apps, not modelled here.
        if (maintenance)
            return NoMatchReason.AgentMaintenance;
        NoMatchReason scalars = ScalarsFit(req);
        if (scalars != NoMatchReason.None)
            return scalars;
        int mark = _usedCount;
        PortCursor cursor = _cursor;
        bool portsFit = AssignPorts(req, 0);
        _usedCount = mark;
        _cursor = cursor;
        if (!portsFit)
            return NoMatchReason.InsufficientPorts;
        if (RestrictGpuScheduling && req.Gpus.Milli == 0 && offer.Resources.Scalar(Gpus).Milli > 0)
            return NoMatchReason.DeclinedScarceResources;
        return NoMatchReason.None;
    }

    private NoMatchReason Recheck(LaunchRequirements req, PlacedValues? placed, int pending)
    {
        if (!ConstraintsHold(req, placed, pending))
            return NoMatchReason.UnfulfilledConstraint;
        return ScalarsFit(req);
    }

    private bool ConstraintsHold(LaunchRequirements req, PlacedValues? placed, int pending)
    {
        IReadOnlyList<CompiledConstraint> cs = req.Constraints;
        for (int i = 0; i < cs.Count; i++)
        {
            if (!ConstraintEvaluator.IsSatisfied(cs[i], placed!.Counter(i), _fields.Has(i), _fields.Get(i), _fields.IsScalar(i), pending))
                return false;
        }
        return true;
    }

    private NoMatchReason ScalarsFit(LaunchRequirements req)
    {
        if (Available(Cpus) < req.Cpus.Milli)
            return NoMatchReason.InsufficientCpus;
        if (Available(Mem) < req.Mem.Milli)
            return NoMatchReason.InsufficientMemory;
        if (Available(Disk) < req.Disk.Milli)
            return NoMatchReason.InsufficientDisk;
        if (Available(Gpus) < req.Gpus.Milli)
            return NoMatchReason.InsufficientGpus;
        return NoMatchReason.None;
    }

    // Takes instance k's scalars and ports; scalars were checked, ports may still fail (then nothing is taken).
    private NoMatchReason Take(LaunchRequirements req, int k)
    {
        OfferMatch r = _result;
        int mark = _usedCount;
        PortCursor cursor = _cursor;
        if (!AssignPorts(req, k))
        {
            _usedCount = mark;
            _cursor = cursor;
            return NoMatchReason.InsufficientPorts;
        }
        r.Taken.AsSpan(k * r.PoolCount, r.PoolCount).Clear();
        Consume(Cpus, req.Cpus.Milli, k);
        Consume(Mem, req.Mem.Milli, k);
        Consume(Disk, req.Disk.Milli, k);
        Consume(Gpus, req.Gpus.Milli, k);
        return NoMatchReason.None;
    }

    private long Available(string name)
    {
        OfferMatch r = _result;
        long sum = 0;
        for (int p = 0; p < r.PoolCount; p++)
        {
            if (_acceptable[p] && r.Pools[p].Type == ResourceType.Scalar && r.Pools[p].Name == name)
                sum += _left[p];
        }
        return sum;
    }

    // Reserved pools first (Marathon uses an app's reservations before shared resources), then unreserved.
    private void Consume(string name, long need, int k)
    {
        OfferMatch r = _result;
        for (int pass = 0; pass < 2 && need > 0; pass++)
        {
            for (int p = 0; p < r.PoolCount && need > 0; p++)
            {
                Resource pool = r.Pools[p];
                if (!_acceptable[p] || pool.Type != ResourceType.Scalar || pool.Name != name || pool.IsReserved != (pass == 0))
                    continue;
                long take = Math.Min(need, _left[p]);
                _left[p] -= take;
                r.Taken[k * r.PoolCount + p] += take;
                need -= take;
            }
        }
    }

    // Fixed ports first, so a dynamic port never takes one the same task asks for explicitly.
    private bool AssignPorts(LaunchRequirements req, int k)
    {
        OfferMatch r = _result;
        IReadOnlyList<ulong> wanted = req.HostPorts;
        int baseIndex = k * wanted.Count;
        for (int j = 0; j < wanted.Count; j++)
        {
            ulong port = wanted[j];
            if (port == 0)
                continue;
            int pool = PoolHolding(port);
            if (pool < 0 || IsUsed(port))
                return false;
            Use(port);
            r.Ports[baseIndex + j] = port;
            r.PortPools[baseIndex + j] = pool;
        }
        for (int j = 0; j < wanted.Count; j++)
        {
            if (wanted[j] != 0)
                continue;
            if (!TryPickDynamic(out ulong port, out int pool))
                return false;
            Use(port);
            r.Ports[baseIndex + j] = port;
            r.PortPools[baseIndex + j] = pool;
        }
        return true;
    }

    private int PoolHolding(ulong port)
    {
        OfferMatch r = _result;
        for (int p = 0; p < r.PoolCount; p++)
        {
            if (!IsPortPool(p))
                continue;
            IReadOnlyList<ValueRange> ranges = r.Pools[p].Ranges;
            for (int i = 0; i < ranges.Count; i++)
            {
                if (ranges[i].Contains(port))
                    return p;
            }
        }
        return -1;
    }

    // Lowest free port, reserved pools first. Deterministic; ports used on this offer are skipped, so
    // two instances on one offer never share a port. Starts at the cursor (everything before it is
    // taken) and leaves it on the port it returns.
    private bool TryPickDynamic(out ulong port, out int pool)
    {
        OfferMatch r = _result;
        PortCursor at = _cursor;
        for (int pass = at.Pass; pass < 2; pass++, at = new PortCursor(pass, 0, 0, 0))
        {
            for (int p = at.Pool; p < r.PoolCount; p++)
            {
                if (!IsPortPool(p) || r.Pools[p].IsReserved != (pass == 0))
                    continue;
                IReadOnlyList<ValueRange> ranges = r.Pools[p].Ranges;
                int first = p == at.Pool ? at.Range : 0;
                for (int i = first; i < ranges.Count; i++)
                {
                    ulong end = ranges[i].End;
                    ulong c = p == at.Pool && i == at.Range && at.Port > ranges[i].Begin ? at.Port : ranges[i].Begin;
                    // At most _usedCount + 1 candidates per range before one is free.
                    for (ulong tried = 0; tried <= (ulong)_usedCount; c++, tried++)
                    {
                        if (!IsUsed(c))
                        {
                            port = c;
                            pool = p;
                            _cursor = new PortCursor(pass, p, i, c);
                            return true;
                        }
                        if (c == end)
                            break;
                    }
                }
            }
        }
        port = 0;
        pool = -1;
        return false;
    }

    private bool IsPortPool(int p) =>
        _acceptable[p] && _result.Pools[p].Type == ResourceType.Ranges && _result.Pools[p].Name == PortsName;

    private bool IsUsed(ulong port)
    {
        for (int i = 0; i < _usedCount; i++)
        {
            if (_used[i] == port)
                return true;
        }
        return false;
    }

    private void Use(ulong port)
    {
        if (_usedCount == _used.Length)
            Array.Resize(ref _used, _used.Length * 2);
        _used[_usedCount++] = port;
    }

    private void LoadPools(Resources resources, LaunchRequirements req, out bool anyAcceptable)
    {
        OfferMatch r = _result;
        int n = resources.Count;
        if (r.Pools.Length < n)
        {
            r.Pools = new Resource[n];
            _acceptable = new bool[n];
            _left = new long[n];
        }
        anyAcceptable = false;
        for (int p = 0; p < n; p++)
        {
            Resource res = resources[p];
            r.Pools[p] = res;
            _acceptable[p] = req.AcceptsRole(res.Role);
            anyAcceptable |= _acceptable[p];
            _left[p] = res.Type == ResourceType.Scalar ? res.Scalar.Milli : 0;
        }
        // Drop references to the previous offer's resources beyond this one's.
        Array.Clear(r.Pools, n, r.PoolCount > n ? r.PoolCount - n : 0);
        r.PoolCount = n;
        r.ResetScalars();
    }

    private void EnsureInstanceCapacity(int instances)
    {
        OfferMatch r = _result;
        int taken = instances * r.PoolCount;
        if (r.Taken.Length < taken)
            r.Taken = new long[Math.Max(taken, r.Taken.Length * 2)];
        int ports = instances * r.PortsPerInstance;
        if (r.Ports.Length < ports)
        {
            r.Ports = new ulong[Math.Max(ports, r.Ports.Length * 2)];
            r.PortPools = new int[r.Ports.Length];
        }
    }
}

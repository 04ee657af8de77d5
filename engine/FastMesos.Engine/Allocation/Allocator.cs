using FastMesos.Messages;

namespace FastMesos.Engine;

/// <summary>
/// The master's allocation core: agents' resources, frameworks subscribed to roles, the
/// hierarchical DRF order, offer filters, quota, and the offer lifecycle. Pure and single-threaded:
/// the host calls it from one thread, feeds it time through <see cref="TimeProvider"/>, and reads
/// its outputs (<see cref="LastOffers"/>, <see cref="PendingRescinds"/>). The same inputs and seed
/// give the same offers.
/// <para>
/// Hot state is struct-of-arrays over dense slots (agents, frameworks, subscriptions = framework ×
/// role, offers). String ids appear only at the API edge and map to slots once. A steady-state
/// allocation run allocates no managed memory.
/// </para>
/// The class is split by concern: agents, frameworks, the allocation run, offers and operations,
/// quota, the task ledger, and an auditor for invariants.
/// </summary>
public sealed partial class Allocator
{
    private readonly AllocatorOptions _options;
    private readonly TimeProvider _time;
    private readonly int _k;   // scalar stride of every flat array
    private int _kUsed = 4;    // scalar kinds known so far (≤ _k); entries past it are always zero, so hot loops stop here
    private int _rUsed = 1;    // range/set kinds known so far (≤ _r), likewise
    private readonly int _r;   // range stride
    private readonly long[][] _minAllocatable;
    private XorShift _rng;

    internal readonly ResourceKinds Kinds = new();
    internal readonly RoleTree Roles;

    // Cluster totals over active agents, and their inverses for share computation.
    private readonly long[] _clusterTotal;

    // Totals over every live agent, active or not (the metrics' allocator/mesos/resources/*/total).
    private readonly long[] _liveTotal;
    private readonly double[] _invTotal;
    private bool _sharesDirty;

    public Allocator(AllocatorOptions? options = null, TimeProvider? time = null)
    {
        _options = options ?? new AllocatorOptions();
        _time = time ?? TimeProvider.System;
        _k = Math.Max(4, _options.MaxScalarKinds);
        _r = Math.Max(1, _options.MaxRangeKinds);
        _rng = new XorShift(_options.Seed);
        Roles = new RoleTree(_k);
        _clusterTotal = new long[_k];
        _liveTotal = new long[_k];
        _invTotal = new double[_k];
        _availHeadroom = new long[_k];
        _reqHeadroom = new long[_k];
        _minAllocatable = ParseMinAllocatable(_options.MinAllocatableResources);
        InitAgents();
        InitFrameworks();
        InitOffers();
    }

    public AllocatorOptions Options => _options;

    /// <summary>The current time in the engine's clock (TimeProvider ticks).</summary>
    private long Now => _time.GetTimestamp();

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private long[][] ParseMinAllocatable(string text)
    {
        var alternatives = new List<long[]>();
        foreach (string alt in text.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Resources r = Resources.Parse(alt);
            var v = new long[_k];
            foreach (Resource res in r)
            {
                if (res.Type != ResourceType.Scalar)
                    ThrowHelper.ThrowEngine($"min_allocatable_resources: '{res.Name}' must be a scalar");
                v[ScalarKind(res.Name)] += res.Scalar.Milli;
            }
            alternatives.Add(v);
        }
        return [.. alternatives];
    }

    internal int ScalarKind(string name)
    {
        if (!Kinds.TryGetScalar(name, out int kind))
        {
            if (Kinds.ScalarCount >= _k)
                ThrowHelper.ThrowEngine($"too many distinct scalar resource names (max {_k}); '{name}' does not fit — raise MaxScalarKinds");
            kind = Kinds.GetOrAddScalar(name);
            _kUsed = Kinds.ScalarCount;
        }
        return kind;
    }

    internal int RangeKind(string name, bool isSet)
    {
        if (Kinds.TryGetRange(name, out int kind) && Kinds.RangeIsSet(kind) == isSet)
            return kind;
        if (!Kinds.TryGetRange(name, out _) && Kinds.RangeCount >= _r)
            ThrowHelper.ThrowEngine($"too many distinct range/set resource names (max {_r}); '{name}' does not fit — raise MaxRangeKinds");
        kind = Kinds.GetOrAddRange(name, isSet);   // throws when the name is known with another type
        _rUsed = Kinds.RangeCount;
        return kind;
    }

    /// <summary>True when <paramref name="v"/> (a scalar vector at <paramref name="offset"/>) meets one min-allocatable alternative.</summary>
    private bool IsAllocatable(long[] v, int offset)
    {
        foreach (long[] alt in _minAllocatable)
        {
            bool ok = true;
            for (int k = 0; k < _kUsed; k++)
            {
                if (v[offset + k] < alt[k])
                {
                    ok = false;
                    break;
                }
            }
            if (ok)
                return true;
        }
        return false;
    }

    private bool IsAllocatable(Span<long> v)
    {
        foreach (long[] alt in _minAllocatable)
        {
            bool ok = true;
            for (int k = 0; k < _kUsed; k++)
            {
                if (v[k] < alt[k])
                {
                    ok = false;
                    break;
                }
            }
            if (ok)
                return true;
        }
        return false;
    }

    private Bundle NewBundle() => new(_k, _r);

    private void RecomputeInverseTotals()
    {
        for (int k = 0; k < _kUsed; k++)
            _invTotal[k] = _clusterTotal[k] > 0 ? 1.0 / _clusterTotal[k] : 0;
        _sharesDirty = true;
    }

    /// <summary>The DRF share of a flat allocation vector: max over kinds of allocation ÷ cluster total.</summary>
    private double ShareOf(long[] alloc, int offset)
    {
        double max = 0;
        for (int k = 0; k < _kUsed; k++)
        {
            double s = alloc[offset + k] * _invTotal[k];
            if (s > max)
                max = s;
        }
        return max;
    }
}

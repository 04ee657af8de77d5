using FastMesos.Messages;

namespace FastMesos.Engine;

public sealed partial class Allocator
{
    private bool _anyGuarantee;
    private readonly long[] _availHeadroom;  // unreserved free on active agents, during a run
    private readonly long[] _reqHeadroom;    // Σ unmet guarantees, during a run

    /// <summary>Sets a role's DRF weight (default 1). Shares are divided by it, so weight 2 gets twice the resources.</summary>
    public void SetWeight(string role, double weight)
    {
        if (!double.IsFinite(weight) || weight <= 0)
            ThrowHelper.ThrowEngine($"weight for role '{role}' must be a positive number, got {weight}");
        int node = Roles.GetOrAdd(role);
        Roles.Weight[node] = weight;
        _sharesDirty = true;
    }

    public double Weight(string role) => Roles.TryGet(role, out int node) ? Roles.Weight[node] : 1.0;

    /// <summary>
    /// Sets quota on a top-level role (Mesos 1.9+ UPDATE_QUOTA): <paramref name="guarantee"/> is
    /// held back for the role (headroom) and offered to it first; the role's consumption
    /// (reservations plus unreserved allocation) never exceeds <paramref name="limit"/>. Scalars
    /// only, unreserved, guarantee ≤ limit. Empty bags clear the quota.
    /// </summary>
    public void SetQuota(string role, Resources guarantee, Resources limit)
    {
        ArgumentNullException.ThrowIfNull(guarantee);
        ArgumentNullException.ThrowIfNull(limit);
        string? error = RoleName.Validate(role);
        if (error is not null || role == RoleName.Any)
            ThrowHelper.ThrowEngine($"quota: invalid role '{role}': {error ?? "quota cannot be set on '*'"}");
        if (role.Contains('/'))
            ThrowHelper.ThrowEngine($"quota: role '{role}' is not top-level; quota applies to top-level roles only");
        var g = new long[_k];
        var l = new long[_k];
        Array.Fill(l, RoleTree.NoLimit);
        FillQuotaVector(role, "guarantee", guarantee, g, 0);
        FillQuotaVector(role, "limit", limit, l, RoleTree.NoLimit);
        for (int k = 0; k < _kUsed; k++)
        {
            if (g[k] > l[k])
                ThrowHelper.ThrowEngine($"quota for role '{role}': guarantee of {Kinds.ScalarName(k)} exceeds its limit");
        }

        int node = Roles.GetOrAdd(role);
        bool any = false;
        for (int k = 0; k < _kUsed; k++)
        {
            Roles.Guarantee[node * _k + k] = g[k];
            Roles.Limit[node * _k + k] = l[k];
            any |= g[k] > 0 || l[k] != RoleTree.NoLimit;
        }
        Roles.HasQuota[node] = any;
        _anyGuarantee = false;
        for (int n = 1; n < Roles.Count; n++)
        {
            if (!Roles.HasQuota[n])
                continue;
            for (int k = 0; k < _kUsed; k++)
                _anyGuarantee |= Roles.Guarantee[n * _k + k] > 0;
        }
        RefreshSaturation(node);
        _eligibilityGen++;
        MarkAllCandidates();
    }

    private void FillQuotaVector(string role, string what, Resources bag, long[] into, long absent)
    {
        foreach (Resource r in bag)
        {
            if (r.Type != ResourceType.Scalar)
                ThrowHelper.ThrowEngine($"quota {what} for role '{role}': '{r.Name}' is not a scalar");
            if (r.IsReserved)
                ThrowHelper.ThrowEngine($"quota {what} for role '{role}': '{r}' must not be reserved");
            int kind = ScalarKind(r.Name);
            into[kind] = (into[kind] == absent ? 0 : into[kind]) + r.Scalar.Milli;
        }
    }

    /// <summary>The role's quota consumption of one kind: its subtree's reservations plus unreserved allocation.</summary>
    private long Consumed(int top, int k) => Roles.Reserved[top * _k + k] + Roles.AllocUnreserved[top * _k + k];

    /// <summary>
    /// A quota role is saturated when every min-allocatable alternative needs some kind the role's
    /// limit has used up, and it holds no reservations: nothing allocatable could ever be offered to
    /// it, so it leaves the order and costs nothing per agent (the empty-cycle case of quota runs).
    /// </summary>
    private void RefreshSaturation(int top)
    {
        if (top <= RoleTree.Root)
            return;
        bool saturated = false;
        if (Roles.HasQuota[top] && Roles.ReservationPools[top] == 0)
        {
            saturated = true;
            foreach (long[] alt in _minAllocatable)
            {
                bool altPossible = true;
                for (int k = 0; k < _kUsed; k++)
                {
                    if (alt[k] > 0 && Roles.Limit[top * _k + k] - Consumed(top, k) < alt[k])
                    {
                        altPossible = false;
                        break;
                    }
                }
                if (altPossible)
                {
                    saturated = false;
                    break;
                }
            }
        }
        if (Roles.Saturated[top] != saturated)
        {
            Roles.Saturated[top] = saturated;
            RefreshMembership(top);
        }
    }

    /// <summary>Recomputes the headroom ledgers at the start of a run: what is free, and what guarantees still need.</summary>
    private void ComputeHeadroom()
    {
        Array.Clear(_availHeadroom);
        Array.Clear(_reqHeadroom);
        if (!_anyGuarantee)
            return;
        for (int a = 0; a < _agentCount; a++)
        {
            if (!_hot[a].Active)
                continue;
            int fb = a * _k;
            for (int k = 0; k < _kUsed; k++)
                _availHeadroom[k] += _free[fb + k];
        }
        for (int n = 1; n < Roles.Count; n++)
        {
            if (!Roles.HasQuota[n])
                continue;
            for (int k = 0; k < _kUsed; k++)
            {
                long unmet = Roles.Guarantee[n * _k + k] - Consumed(n, k);
                if (unmet > 0)
                    _reqHeadroom[k] += unmet;
            }
        }
    }

    /// <summary>True when some quota role still has an unmet guarantee (the quota stage has work).</summary>
    private bool HasUnmetGuarantee(int top)
    {
        if (!Roles.HasQuota[top])
            return false;
        for (int k = 0; k < _kUsed; k++)
        {
            if (Roles.Guarantee[top * _k + k] > Consumed(top, k))
                return true;
        }
        return false;
    }

    /// <summary>
    /// How much of kind <paramref name="k"/> the role may take from <paramref name="free"/> unreserved:
    /// within its limit, and leaving enough headroom for other roles' unmet guarantees. Taking up to
    /// its own unmet guarantee never hurts headroom; beyond it only the surplus is available.
    /// </summary>
    private long Allowance(int top, int k, long free)
    {
        long give = free;
        if (top > RoleTree.Root && Roles.HasQuota[top])
        {
            long room = Roles.Limit[top * _k + k] - Consumed(top, k);
            if (room < give)
                give = room;
        }
        if (_anyGuarantee && _reqHeadroom[k] > 0)
        {
            long own = 0;
            if (top > RoleTree.Root && Roles.HasQuota[top])
                own = Math.Max(0, Roles.Guarantee[top * _k + k] - Consumed(top, k));
            long surplus = Math.Max(0, _availHeadroom[k] - _reqHeadroom[k]);
            long cap = own + surplus;
            if (cap < give)
                give = cap;
        }
        return give < 0 ? 0 : give;
    }

    /// <summary>Updates the headroom ledgers after <paramref name="x"/> unreserved of kind k went to <paramref name="top"/>.</summary>
    private void ChargeHeadroom(int top, int k, long x, long unmetBefore)
    {
        if (!_anyGuarantee)
            return;
        _availHeadroom[k] -= x;
        _reqHeadroom[k] -= Math.Min(x, Math.Max(0, unmetBefore));
    }
}

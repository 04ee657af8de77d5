namespace FastMesos.Engine;

public sealed partial class Allocator
{
    /// <summary>The scalar resource names the allocator has seen, in kind order (cpus, mem, disk, gpus first).</summary>
    public int ScalarKindCount => Kinds.ScalarCount;

    /// <summary>The name of scalar kind <paramref name="kind"/>, below <see cref="ScalarKindCount"/>.</summary>
    public string ScalarKindName(int kind) => Kinds.ScalarName(kind);

    /// <summary>
    /// Mesos' <c>allocator/mesos/resources/&lt;name&gt;/total</c>: the scalar summed over every
    /// agent the allocator holds, active or not (a deactivated agent stays in Mesos' sorter total
    /// too, unlike the active-agent total that shares are computed on). Kept as agents are added,
    /// updated and removed: the metrics endpoint reads it under the master's lock, and a walk over
    /// 10,000 agents per kind was most of that endpoint's time.
    /// </summary>
    public double ScalarTotal(int kind)
    {
        if ((uint)kind >= (uint)_kUsed)
            ThrowHelper.ThrowArgumentOutOfRange(nameof(kind), $"scalar kind {kind} of {_kUsed}");
        return _liveTotal[kind] / 1000.0;
    }

    /// <summary>
    /// Mesos' <c>allocator/mesos/resources/&lt;name&gt;/offered_or_allocated</c>: what outstanding
    /// offers and running tasks and executors hold, reserved or not. The top-level roles' allocations
    /// add up to exactly that (invariant (4) of <see cref="Audit"/>: a role's allocation is its
    /// subtree's subscriptions', each of which is its offers, tasks and executors).
    /// </summary>
    public double ScalarOfferedOrAllocated(int kind)
    {
        if ((uint)kind >= (uint)_kUsed)
            ThrowHelper.ThrowArgumentOutOfRange(nameof(kind), $"scalar kind {kind} of {_kUsed}");
        long milli = 0;
        for (int n = RoleTree.Root + 1; n < Roles.Count; n++)
        {
            if (Roles.Parent[n] == RoleTree.Root)
                milli += Roles.Alloc[n * _k + kind];
        }

        return milli / 1000.0;
    }
}

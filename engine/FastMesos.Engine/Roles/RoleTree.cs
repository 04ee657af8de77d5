using FastMesos.Messages;

namespace FastMesos.Engine;

/// <summary>
/// The role hierarchy as struct-of-arrays over dense node slots. Node 0 is the root (no name);
/// <c>eng</c> and <c>eng/web</c> are its child and grandchild. Each node keeps its subtree's
/// allocation (for DRF shares), its quota state (top-level roles only, as in Mesos) and two sorted
/// orders: the active children and the active subscriptions (framework × role) placed at the node.
/// Invariants:
/// (1) Alloc[n] = Σ allocations of subscriptions in n's subtree (offered + launched).
/// (2) A child is in its parent's order iff ActiveSubs[child] &gt; 0 and it is not saturated.
/// (3) Each order is sorted by (share, allocation count, slot) ascending under the DRF sorter.
/// </summary>
internal sealed class RoleTree
{
    public const int Root = 0;
    public const long NoLimit = long.MaxValue;

    private readonly int _k;
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);

    public int Count;
    public string[] Name = new string[8];
    public int[] Parent = new int[8];
    public int[] TopLevel = new int[8];
    public double[] Weight = new double[8];
    public double[] Share = new double[8];
    public long[] AllocCount = new long[8];
    public long[] Alloc;            // [node*K + k]: subtree allocation, reserved and unreserved
    public long[] AllocUnreserved;  // [node*K + k]: the unreserved part of Alloc
    public long[] Reserved;         // [node*K + k]: reservations held by the subtree on all agents
    public int[] ReservationPools = new int[8];
    public int[] ActiveSubs = new int[8];
    public bool[] InOrder = new bool[8];
    public bool[] Saturated = new bool[8];
    public int[] Stamp = new int[8];
    public int[][] Children = new int[8][];
    public int[] ChildCount = new int[8];
    public int[][] Subs = new int[8][];
    public int[] SubCount = new int[8];
    public bool[] HasQuota = new bool[8];
    public long[] Guarantee;        // [node*K + k], 0 when none
    public long[] Limit;            // [node*K + k], NoLimit when none

    public RoleTree(int scalarKinds)
    {
        _k = scalarKinds;
        Alloc = new long[8 * _k];
        AllocUnreserved = new long[8 * _k];
        Reserved = new long[8 * _k];
        Guarantee = new long[8 * _k];
        Limit = new long[8 * _k];
        AddNode("", -1);
    }

    public bool TryGet(string role, out int node) => _byName.TryGetValue(role, out node);

    /// <summary>The node for <paramref name="role"/>, creating it and its ancestors.</summary>
    public int GetOrAdd(string role)
    {
        if (_byName.TryGetValue(role, out int node))
            return node;
        string? error = RoleName.Validate(role);
        if (error is not null)
            ThrowHelper.ThrowEngine($"invalid role '{role}': {error}");
        int slash = role.LastIndexOf('/');
        int parent = slash < 0 ? Root : GetOrAdd(role[..slash]);
        return AddNode(role, parent);
    }

    /// <summary>True when <paramref name="node"/> is <paramref name="ancestor"/> or lies beneath it.</summary>
    public bool IsSameOrDescendant(int node, int ancestor)
    {
        while (node > Root)
        {
            if (node == ancestor)
                return true;
            node = Parent[node];
        }
        return ancestor == Root;
    }

    private int AddNode(string name, int parent)
    {
        int n = Count++;
        if (n == Name.Length)
            Grow(n * 2);
        Name[n] = name;
        Parent[n] = parent;
        TopLevel[n] = parent <= Root ? n : TopLevel[parent];
        Weight[n] = 1.0;
        Children[n] = new int[4];
        Subs[n] = new int[4];
        Limit.AsSpan(n * _k, _k).Fill(NoLimit);
        if (name.Length > 0)
            _byName[name] = n;
        return n;
    }

    private void Grow(int size)
    {
        Array.Resize(ref Name, size);
        Array.Resize(ref Parent, size);
        Array.Resize(ref TopLevel, size);
        Array.Resize(ref Weight, size);
        Array.Resize(ref Share, size);
        Array.Resize(ref AllocCount, size);
        Array.Resize(ref ReservationPools, size);
        Array.Resize(ref ActiveSubs, size);
        Array.Resize(ref InOrder, size);
        Array.Resize(ref Saturated, size);
        Array.Resize(ref Stamp, size);
        Array.Resize(ref Children, size);
        Array.Resize(ref ChildCount, size);
        Array.Resize(ref Subs, size);
        Array.Resize(ref SubCount, size);
        Array.Resize(ref HasQuota, size);
        Array.Resize(ref Alloc, size * _k);
        Array.Resize(ref AllocUnreserved, size * _k);
        Array.Resize(ref Reserved, size * _k);
        Array.Resize(ref Guarantee, size * _k);
        Array.Resize(ref Limit, size * _k);
    }

    /// <summary>The comparer for DRF order among sibling nodes.</summary>
    public ShareComparer Comparer => new(Share, AllocCount);
}

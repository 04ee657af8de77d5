using System.Collections;
using System.Text;

namespace FastMesos.Messages;

/// <summary>
/// An immutable bag of resources in normal form, with Mesos' arithmetic: <c>+</c> merges,
/// <c>-</c> removes (and refuses to go below zero), <see cref="Contains(Resources)"/> compares.
/// Invariant: at most one entry per (name, type, role, reservation, principal), and no empty
/// entries. Entries keep the order they were first seen in, so printing is stable.
/// </summary>
public sealed class Resources : IReadOnlyList<Resource>, IEquatable<Resources>
{
    private readonly Resource[] _items;

    public static Resources Empty { get; } = new([]);

    private Resources(Resource[] normalized) => _items = normalized;

    public static Resources From(IEnumerable<Resource> items)
    {
        var list = new List<Resource>();
        foreach (Resource r in items)
            AddInto(list, r);
        return new Resources([.. list]);
    }

    public static Resources From(params Resource[] items) => From((IEnumerable<Resource>)items);

    /// <summary>
    /// A bag of <paramref name="items"/> that are already in normal form (no empty entry, no two of a
    /// kind), taking the array as it is instead of merging it into a new one: for converters whose
    /// source cannot hold two of a kind (the allocator's dense bundles, one per offer sent). The
    /// caller hands the array over and never changes it. Checked, not trusted: a duplicate or an
    /// empty (or null) entry throws <see cref="ArgumentException"/>.
    /// </summary>
    public static Resources FromDistinct(Resource[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Length == 0)
            return Empty;
        for (int i = 0; i < items.Length; i++)
        {
            Resource r = items[i];
            if (r is null || r.IsEmpty)
                ThrowHelper.ThrowArgument(nameof(items), $"entry {i} is null or empty");
            for (int j = 0; j < i; j++)
            {
                if (items[j].SameKind(r))
                    ThrowHelper.ThrowArgument(nameof(items), $"entries {j} and {i} are of the same kind ({r.Name})");
            }
        }
        return new Resources(items);
    }

    /// <summary>Parses Mesos' text form; throws <see cref="ResourceFormatException"/> naming the bad token.</summary>
    public static Resources Parse(string text) => ResourceParser.Parse(text);

    public static bool TryParse(string text, out Resources resources, out string? error)
    {
        try
        {
            resources = ResourceParser.Parse(text);
            error = null;
            return true;
        }
        catch (ResourceFormatException e)
        {
            resources = Empty;
            error = e.Message;
            return false;
        }
    }

    public int Count => _items.Length;
    public Resource this[int index] => _items[index];
    public bool IsEmpty => _items.Length == 0;

    /// <summary>The sum of all scalar entries named <paramref name="name"/>, whatever their role.</summary>
    public Scalar Scalar(string name)
    {
        long total = 0;
        foreach (Resource r in _items)
        {
            if (r.Type == ResourceType.Scalar && r.Name == name)
                total += r.Scalar.Milli;
        }
        return new Scalar(total);
    }

    /// <summary>Cpus, mem, disk and gpus as doubles: a convenience for logs and tests.</summary>
    public double Cpus => Scalar("cpus").Value;
    public double Mem => Scalar("mem").Value;
    public double Disk => Scalar("disk").Value;

    /// <summary>All ranges named <paramref name="name"/> (any role), merged.</summary>
    public ValueRange[] Ranges(string name)
    {
        ValueRange[] acc = [];
        foreach (Resource r in _items)
        {
            if (r.Type == ResourceType.Ranges && r.Name == name)
                acc = RangeMath.Union(acc, (ValueRange[])r.Ranges);
        }
        return acc;
    }

    public Resources Unreserved() => Where(static r => !r.IsReserved);
    public Resources Reserved() => Where(static r => r.IsReserved);
    public Resources ReservedFor(string role) => Where(r => r.Role == role);

    /// <summary>Resources a framework in <paramref name="role"/> may use: unreserved, or reserved for the role or an ancestor.</summary>
    public Resources AllocatableTo(string role) =>
        Where(r => !r.IsReserved || RoleName.IsSameOrDescendant(role, r.Role));

    /// <summary>
    /// The resources <paramref name="predicate"/> keeps, in order: this instance when it keeps all,
    /// <see cref="Empty"/> when none (no allocation in either case, which is most agents' reserved and
    /// unreserved views), else a new instance. The predicate must be pure: it runs twice per item
    /// when only some are kept.
    /// </summary>
    public Resources Where(Func<Resource, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        int kept = 0;
        foreach (Resource r in _items)
        {
            if (predicate(r))
                kept++;
        }

        if (kept == _items.Length)
            return this;
        if (kept == 0)
            return Empty;
        var items = new Resource[kept];
        int n = 0;
        foreach (Resource r in _items)
        {
            if (predicate(r))
                items[n++] = r;
        }

        return new Resources(items);
    }

    public static Resources operator +(Resources a, Resources b)
    {
        if (b.IsEmpty)
            return a;
        if (a.IsEmpty)
            return b;
        var list = new List<Resource>(a._items);
        foreach (Resource r in b._items)
            AddInto(list, r);
        return new Resources([.. list]);
    }

    /// <summary><paramref name="a"/> minus <paramref name="b"/>; throws when <paramref name="b"/> is not contained in <paramref name="a"/>.</summary>
    public static Resources operator -(Resources a, Resources b)
    {
        if (!a.Contains(b))
            ThrowHelper.ThrowInvalidOperation($"cannot subtract {b} from {a}: not contained");
        var list = new List<Resource>(a._items);
        foreach (Resource r in b._items)
        {
            int i = IndexOfKind(list, r);
            Resource cur = list[i];
            Resource next = r.Type switch
            {
                ResourceType.Scalar => cur.WithScalar(cur.Scalar - r.Scalar),
                ResourceType.Ranges => cur.WithRanges(RangeMath.Subtract((ValueRange[])cur.Ranges, (ValueRange[])r.Ranges)),
                _ => cur.WithSet(SetSubtract((string[])cur.Set, (string[])r.Set)),
            };
            if (next.IsEmpty)
                list.RemoveAt(i);
            else
                list[i] = next;
        }
        return new Resources([.. list]);
    }

    /// <summary>True when every entry of <paramref name="other"/> fits in the matching entry here.</summary>
    public bool Contains(Resources other)
    {
        foreach (Resource r in other._items)
        {
            int i = IndexOfKind(_items, r);
            if (i < 0)
                return false;
            Resource cur = _items[i];
            bool ok = r.Type switch
            {
                ResourceType.Scalar => cur.Scalar >= r.Scalar,
                ResourceType.Ranges => RangeMath.Contains((ValueRange[])cur.Ranges, (ValueRange[])r.Ranges),
                _ => SetContains((string[])cur.Set, (string[])r.Set),
            };
            if (!ok)
                return false;
        }
        return true;
    }

    public bool Equals(Resources? other)
    {
        if (other is null || other._items.Length != _items.Length)
            return false;
        foreach (Resource r in _items)
        {
            int i = IndexOfKind(other._items, r);
            if (i < 0 || !other._items[i].Equals(r))
                return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as Resources);

    public override int GetHashCode()
    {
        int h = 0;
        foreach (Resource r in _items)
            h ^= r.GetHashCode();
        return h;
    }

    /// <summary>Mesos' text form, entries separated by <c>;</c>. Parsing the result gives an equal bag.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < _items.Length; i++)
        {
            if (i > 0)
                sb.Append(';');
            _items[i].AppendTo(sb);
        }
        return sb.ToString();
    }

    public IEnumerator<Resource> GetEnumerator() => ((IEnumerable<Resource>)_items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    private static void AddInto(List<Resource> list, Resource r)
    {
        if (r.IsEmpty)
            return;
        int i = IndexOfKind(list, r);
        if (i < 0)
        {
            list.Add(r);
            return;
        }
        Resource cur = list[i];
        list[i] = r.Type switch
        {
            ResourceType.Scalar => cur.WithScalar(cur.Scalar + r.Scalar),
            ResourceType.Ranges => cur.WithRanges(RangeMath.Union((ValueRange[])cur.Ranges, (ValueRange[])r.Ranges)),
            _ => cur.WithSet(SetUnion((string[])cur.Set, (string[])r.Set)),
        };
    }

    private static int IndexOfKind(IReadOnlyList<Resource> list, Resource r)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i].SameKind(r))
                return i;
        }
        return -1;
    }

    private static string[] SetUnion(string[] a, string[] b)
    {
        var s = new SortedSet<string>(a, StringComparer.Ordinal);
        s.UnionWith(b);
        return [.. s];
    }

    private static string[] SetSubtract(string[] a, string[] b)
    {
        var s = new SortedSet<string>(a, StringComparer.Ordinal);
        s.ExceptWith(b);
        return [.. s];
    }

    private static bool SetContains(string[] outer, string[] inner)
    {
        foreach (string item in inner)
        {
            if (Array.BinarySearch(outer, item, StringComparer.Ordinal) < 0)
                return false;
        }
        return true;
    }
}

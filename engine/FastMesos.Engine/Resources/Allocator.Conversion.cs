using FastMesos.Messages;

namespace FastMesos.Engine;

public sealed partial class Allocator
{
    /// <summary>
    /// Converts an edge <see cref="Resources"/> bag into a dense <see cref="Bundle"/>. Reservation
    /// roles are created on demand when <paramref name="validateRoles"/> (agent totals); otherwise an
    /// unknown role fails with a message naming it. Cold path: it allocates.
    /// </summary>
    internal Bundle ToBundle(Resources resources, bool validateRoles) => ToBundle(resources, validateRoles, NewBundle());

    /// <summary>Converts <paramref name="resources"/> into <paramref name="into"/>, emptied first (a scratch bundle reused per call).</summary>
    internal Bundle ToBundle(Resources resources, bool validateRoles, Bundle into)
    {
        Bundle b = into;
        b.Clear();
        for (int i = 0; i < resources.Count; i++)
        {
            Resource r = resources[i];
            int key = ReservationKey.Unreserved;
            if (r.IsReserved)
            {
                int node;
                if (validateRoles)
                    node = Roles.GetOrAdd(r.Role);
                else if (!Roles.TryGet(r.Role, out node))
                    ThrowHelper.ThrowEngine($"resource '{r}' is reserved for unknown role '{r.Role}'");
                key = r.Reservation == ReservationType.Dynamic ? ReservationKey.Dynamic(node) : ReservationKey.Static(node);
            }
            switch (r.Type)
            {
                case ResourceType.Scalar:
                    b.AddScalar(key, ScalarKind(r.Name), r.Scalar.Milli);
                    break;
                case ResourceType.Ranges:
                    int rk = RangeKind(r.Name, isSet: false);
                    IReadOnlyList<ValueRange> ranges = r.Ranges;
                    for (int j = 0; j < ranges.Count; j++)
                        b.AddRange(key, rk, ranges[j].Begin, ranges[j].End);
                    break;
                default:
                    int sk = RangeKind(r.Name, isSet: true);
                    foreach (string item in r.Set)
                    {
                        ulong id = Kinds.InternSetItem(sk, item);
                        b.AddRange(key, sk, id, id);
                    }
                    break;
            }
        }
        return b;
    }

    /// <summary>
    /// Converts a dense bundle back to the edge form: every offer sent, the state endpoints, tests.
    /// A bundle holds one entry per (reservation, kind) and none empty, so the entries are counted
    /// first and written straight into the bag's own array (no list to grow, no merge pass).
    /// </summary>
    internal Resources ToResources(Bundle b)
    {
        int count = 0;
        for (int p = 0; p < b.Count; p++)
        {
            for (int k = 0; k < Kinds.ScalarCount && k < b.ScalarStride; k++)
            {
                if (b.ScalarAt(p, k) != 0)
                    count++;
            }
            for (int r = 0; r < Kinds.RangeCount; r++)
            {
                if (b.RangesOf(p, r) is { Count: > 0 })
                    count++;
            }
        }
        if (count == 0)
            return Resources.Empty;

        var items = new Resource[count];
        int n = 0;
        for (int p = 0; p < b.Count; p++)
        {
            int key = b.KeyAt(p);
            string role = RoleName.Any;
            ReservationType type = ReservationType.None;
            if (key != ReservationKey.Unreserved)
            {
                role = Roles.Name[ReservationKey.RoleOf(key)];
                type = ReservationKey.IsDynamic(key) ? ReservationType.Dynamic : ReservationType.Static;
            }
            for (int k = 0; k < Kinds.ScalarCount && k < b.ScalarStride; k++)
            {
                long v = b.ScalarAt(p, k);
                if (v != 0)
                    items[n++] = Resource.CreateScalar(Kinds.ScalarName(k), new Scalar(v), role, type);
            }
            for (int r = 0; r < Kinds.RangeCount; r++)
            {
                RangeSet? rs = b.RangesOf(p, r);
                if (rs is null || rs.Count == 0)
                    continue;
                if (Kinds.RangeIsSet(r))
                {
                    var setItems = new List<string>();
                    for (int i = 0; i < rs.Count; i++)
                    {
                        for (ulong id = rs.BeginAt(i); id <= rs.EndAt(i); id++)
                            setItems.Add(Kinds.SetItem(r, id));
                    }
                    items[n++] = Resource.CreateSet(Kinds.RangeName(r), setItems, role, type);
                }
                else
                {
                    var ranges = new ValueRange[rs.Count];
                    for (int i = 0; i < rs.Count; i++)
                        ranges[i] = new ValueRange(rs.BeginAt(i), rs.EndAt(i));
                    items[n++] = Resource.CreateRanges(Kinds.RangeName(r), ranges, role, type);
                }
            }
        }
        return Resources.FromDistinct(items);
    }
}

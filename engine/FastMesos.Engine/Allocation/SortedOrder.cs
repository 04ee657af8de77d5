namespace FastMesos.Engine;

/// <summary>Strict "a sorts before b" over dense slots; a struct so the generic callers inline it.</summary>
internal interface IOrderComparer
{
    bool Less(int a, int b);
}

/// <summary>
/// Keeps an int array sorted by a comparer under point updates. An allocation changes one
/// entry's share, so instead of re-sorting (Mesos' main cost) the entry is moved to its new place:
/// a binary search plus one <see cref="Array.Copy(Array, int, Array, int, int)"/>.
/// </summary>
internal static class SortedOrder
{
    /// <summary>Moves order[index] to where it belongs; returns its new index.</summary>
    public static int Reposition<TCmp>(int[] order, int count, int index, TCmp cmp) where TCmp : struct, IOrderComparer
    {
        int item = order[index];
        if (index + 1 < count && cmp.Less(order[index + 1], item))
        {
            // Moved right: find the first position in (index, count) whose element is not less than item.
            int lo = index + 1, hi = count;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (cmp.Less(order[mid], item))
                    lo = mid + 1;
                else
                    hi = mid;
            }
            int dest = lo - 1;
            Array.Copy(order, index + 1, order, index, dest - index);
            order[dest] = item;
            return dest;
        }
        if (index > 0 && cmp.Less(item, order[index - 1]))
        {
            int lo = 0, hi = index;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (cmp.Less(item, order[mid]))
                    hi = mid;
                else
                    lo = mid + 1;
            }
            Array.Copy(order, lo, order, lo + 1, index - lo);
            order[lo] = item;
            return lo;
        }
        return index;
    }

    /// <summary>Inserts <paramref name="item"/> into its sorted place; the array must have room.</summary>
    public static void Insert<TCmp>(ref int[] order, ref int count, int item, TCmp cmp) where TCmp : struct, IOrderComparer
    {
        if (count == order.Length)
            Array.Resize(ref order, Math.Max(4, count * 2));
        int lo = 0, hi = count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (cmp.Less(item, order[mid]))
                hi = mid;
            else
                lo = mid + 1;
        }
        Array.Copy(order, lo, order, lo + 1, count - lo);
        order[lo] = item;
        count++;
    }

    /// <summary>Removes <paramref name="item"/> if present; returns the index it had, or -1.</summary>
    public static int Remove(int[] order, ref int count, int item)
    {
        int i = Array.IndexOf(order, item, 0, count);
        if (i < 0)
            return -1;
        Array.Copy(order, i + 1, order, i, count - i - 1);
        count--;
        return i;
    }

    /// <summary>Full sort, used when cluster totals change and every share moves at once.</summary>
    public static void Sort<TCmp>(int[] order, int count, TCmp cmp) where TCmp : struct, IOrderComparer
    {
        order.AsSpan(0, count).Sort(new ComparerAdapter<TCmp>(cmp));
    }

    private readonly struct ComparerAdapter<TCmp>(TCmp cmp) : IComparer<int> where TCmp : struct, IOrderComparer
    {
        public int Compare(int x, int y) => x == y ? 0 : cmp.Less(x, y) ? -1 : cmp.Less(y, x) ? 1 : 0;
    }
}

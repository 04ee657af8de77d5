namespace FastMesos.Messages;

/// <summary>Set arithmetic on sorted, disjoint, non-adjacent range arrays (the normal form).</summary>
internal static class RangeMath
{
    public static ValueRange[] Normalize(IEnumerable<ValueRange> ranges)
    {
        // Already normal — what every encoder writes, so every decoded ports resource (one per task
        // in an ACCEPT, a RunTask, an offer): one copy instead of two lists and two arrays.
        if (ranges is ValueRange[] array && IsNormal(array))
            return array.Length == 0 ? [] : (ValueRange[])array.Clone();
        var list = new List<ValueRange>(ranges);
        foreach (ValueRange r in list)
        {
            if (r.Begin > r.End)
                ThrowHelper.ThrowArgument(nameof(ranges), $"range {r.Begin}-{r.End} has begin > end");
        }
        list.Sort(static (a, b) => a.Begin.CompareTo(b.Begin));
        var result = new List<ValueRange>(list.Count);
        foreach (ValueRange r in list)
        {
            if (result.Count > 0 && result[^1].End != ulong.MaxValue && r.Begin <= result[^1].End + 1)
            {
                ValueRange last = result[^1];
                result[^1] = new ValueRange(last.Begin, Math.Max(last.End, r.End));
            }
            else if (result.Count > 0 && result[^1].End == ulong.MaxValue)
            {
                // Everything after a range ending at MaxValue is already covered.
            }
            else
            {
                result.Add(r);
            }
        }
        return [.. result];
    }

    /// <summary>Sorted, each begin ≤ its end, and neither overlapping nor adjacent (what <see cref="Normalize"/> returns).</summary>
    public static bool IsNormal(ReadOnlySpan<ValueRange> ranges)
    {
        for (int i = 0; i < ranges.Length; i++)
        {
            if (ranges[i].Begin > ranges[i].End)
                return false;
            if (i > 0 && (ranges[i - 1].End == ulong.MaxValue || ranges[i].Begin <= ranges[i - 1].End + 1))
                return false;
        }

        return true;
    }

    public static ValueRange[] Union(ValueRange[] a, ValueRange[] b)
    {
        var all = new ValueRange[a.Length + b.Length];
        a.CopyTo(all, 0);
        b.CopyTo(all, a.Length);
        return Normalize(all);
    }

    /// <summary>True when every value of <paramref name="inner"/> is in <paramref name="outer"/>.</summary>
    public static bool Contains(ValueRange[] outer, ValueRange[] inner)
    {
        int j = 0;
        foreach (ValueRange r in inner)
        {
            while (j < outer.Length && outer[j].End < r.Begin)
                j++;
            if (j == outer.Length || outer[j].Begin > r.Begin || outer[j].End < r.End)
                return false;
        }
        return true;
    }

    /// <summary><paramref name="a"/> minus <paramref name="b"/>; values of b not in a are ignored.</summary>
    public static ValueRange[] Subtract(ValueRange[] a, ValueRange[] b)
    {
        var result = new List<ValueRange>(a.Length + 1);
        int j = 0;
        foreach (ValueRange r in a)
        {
            ulong begin = r.Begin;
            ulong end = r.End;
            bool alive = true;
            while (j < b.Length && b[j].End < begin)
                j++;
            int k = j;
            while (alive && k < b.Length && b[k].Begin <= end)
            {
                if (b[k].Begin > begin)
                    result.Add(new ValueRange(begin, b[k].Begin - 1));
                if (b[k].End >= end)
                    alive = false;
                else
                    begin = b[k].End + 1;
                k++;
            }
            if (alive)
                result.Add(new ValueRange(begin, end));
        }
        return [.. result];
    }

    public static bool Overlaps(ValueRange[] a, ValueRange[] b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i].End < b[j].Begin)
                i++;
            else if (b[j].End < a[i].Begin)
                j++;
            else
                return true;
        }
        return false;
    }
}

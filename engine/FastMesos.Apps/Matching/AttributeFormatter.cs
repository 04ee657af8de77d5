using System.Globalization;
using FastMesos.Messages;

namespace FastMesos.Apps.Matching;

/// <summary>
/// Marathon's string form of an agent attribute, the form constraints compare (specs/marathon.md §3):
/// scalar <c>0.###</c> rounded half-even (1.0005 → <c>1</c>), text as-is, ranges <c>[b-e,...]</c>
/// sorted, set <c>{a,b,c}</c> sorted. The span overloads write into caller scratch so matching an
/// offer allocates nothing; the string overloads are for tests, logs and cold paths.
/// </summary>
public static class AttributeFormatter
{
    /// <summary>Upper bound of a formatted scalar: sign, 29 decimal digits, point, 3 decimals.</summary>
    public const int MaxScalarChars = 40;

    /// <summary>The characters <paramref name="attribute"/> formats to.</summary>
    public static int FormattedLength(AgentAttribute attribute)
    {
        switch (attribute.Type)
        {
            case AttributeType.Text:
                return attribute.Text.Length;
            case AttributeType.Scalar:
                return MaxScalarChars;
            case AttributeType.Ranges:
                // '[' + ']' + per range two 20-digit numbers, '-' and ','.
                return 2 + attribute.Ranges.Count * 42;
            default:
                int n = 2;
                for (int i = 0; i < attribute.Set.Count; i++)
                    n += attribute.Set[i].Length + 1;
                return n;
        }
    }

    /// <summary>Writes the value into <paramref name="dest"/>; false when it is too short (see <see cref="FormattedLength"/>).</summary>
    public static bool TryFormat(AgentAttribute attribute, Span<char> dest, out int written)
    {
        written = 0;
        switch (attribute.Type)
        {
            case AttributeType.Text:
                if (!attribute.Text.AsSpan().TryCopyTo(dest))
                    return false;
                written = attribute.Text.Length;
                return true;
            case AttributeType.Scalar:
                return TryFormatScalar(attribute.Scalar, dest, out written);
            case AttributeType.Ranges:
                return TryFormatRanges(attribute.Ranges, dest, out written);
            default:
                return TryFormatSet(attribute.Set, dest, out written);
        }
    }

    /// <summary>The value as a string (allocates).</summary>
    public static string Format(AgentAttribute attribute)
    {
        if (attribute.Type == AttributeType.Text)
            return attribute.Text;
        var buf = new char[FormattedLength(attribute)];
        TryFormat(attribute, buf, out int written);
        return new string(buf, 0, written);
    }

    /// <summary>A scalar as Java's <c>DecimalFormat("0.###")</c> with HALF_EVEN: 0.8 → "0.8", 1.0005 → "1", 2 → "2".</summary>
    public static bool TryFormatScalar(double value, Span<char> dest, out int written)
    {
        written = 0;
        if (!double.IsFinite(value) || Math.Abs(value) >= 7.9e28)
            return value.TryFormat(dest, out written, "R", CultureInfo.InvariantCulture);
        // decimal keeps the double's shortest decimal digits, so 1.0005 rounds as the text reads.
        decimal d = Math.Round((decimal)value, 3, MidpointRounding.ToEven);
        if (d == 0m)
            d = 0m; // "-0" never prints: a negative that rounds to zero is 0.
        return d.TryFormat(dest, out written, "0.###", CultureInfo.InvariantCulture);
    }

    /// <summary>A scalar as it formats for constraints (allocates).</summary>
    public static string FormatScalar(double value)
    {
        Span<char> buf = stackalloc char[MaxScalarChars];
        TryFormatScalar(value, buf, out int written);
        return new string(buf[..written]);
    }

    private static bool TryFormatRanges(IReadOnlyList<ValueRange> ranges, Span<char> dest, out int written)
    {
        // Parsed attributes come sorted, but a hand-built one may not: emit in (Begin, End) order by
        // repeatedly picking the smallest range after the last one, without copying the list.
        written = 0;
        int pos = 0;
        if (!Put(dest, ref pos, '['))
            return false;
        int last = -1;
        for (int emitted = 0; emitted < ranges.Count; emitted++)
        {
            int next = -1;
            for (int i = 0; i < ranges.Count; i++)
            {
                if ((last < 0 || After(ranges[i], i, ranges[last], last)) && (next < 0 || After(ranges[next], next, ranges[i], i)))
                    next = i;
            }
            if (emitted > 0 && !Put(dest, ref pos, ','))
                return false;
            ValueRange r = ranges[next];
            if (!r.Begin.TryFormat(dest[pos..], out int w, default, CultureInfo.InvariantCulture))
                return false;
            pos += w;
            if (!Put(dest, ref pos, '-'))
                return false;
            if (!r.End.TryFormat(dest[pos..], out w, default, CultureInfo.InvariantCulture))
                return false;
            pos += w;
            last = next;
        }
        if (!Put(dest, ref pos, ']'))
            return false;
        written = pos;
        return true;
    }

    private static bool TryFormatSet(IReadOnlyList<string> set, Span<char> dest, out int written)
    {
        // Sorted ordinally, as Marathon does, without copying the list: repeatedly emit the smallest
        // item greater than the last emitted one (sets on agents are a handful of items).
        written = 0;
        int pos = 0;
        if (!Put(dest, ref pos, '{'))
            return false;
        string? last = null;
        for (int emitted = 0; emitted < set.Count; emitted++)
        {
            string? next = null;
            for (int i = 0; i < set.Count; i++)
            {
                string s = set[i];
                if ((last is null || string.CompareOrdinal(s, last) > 0) && (next is null || string.CompareOrdinal(s, next) < 0))
                    next = s;
            }
            if (next is null)
                break; // only duplicates remain
            if (last is not null && !Put(dest, ref pos, ','))
                return false;
            if (!next.AsSpan().TryCopyTo(dest[pos..]))
                return false;
            pos += next.Length;
            last = next;
        }
        if (!Put(dest, ref pos, '}'))
            return false;
        written = pos;
        return true;
    }

    // A strict total order on (range, index), so equal ranges are all emitted.
    private static bool After(ValueRange a, int ia, ValueRange b, int ib) =>
        a.Begin != b.Begin ? a.Begin > b.Begin : a.End != b.End ? a.End > b.End : ia > ib;

    private static bool Put(Span<char> dest, ref int pos, char c)
    {
        if (pos >= dest.Length)
            return false;
        dest[pos++] = c;
        return true;
    }
}

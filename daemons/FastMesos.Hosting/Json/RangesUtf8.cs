using FastMesos.Messages;

namespace FastMesos.Hosting.Json;

/// <summary>
/// Mesos' text of a ranges resource (<c>"[31000-32000, 33000-33010]"</c>) written as UTF-8 into a
/// caller's buffer, for the state documents: they print every agent's port ranges several times
/// (resources, unreserved, offered), and building each text as a string cost 10,000 agents a list,
/// a builder and two strings apiece per document (~4 MB of garbage per <c>/master/state</c>).
/// <see cref="MesosJson.RangesText"/> makes its string through this too, so the two cannot differ.
/// </summary>
public static class RangesUtf8
{
    /// <summary>A buffer this long holds the text of <see cref="StackRanges"/> ranges; callers keep it on the stack.</summary>
    public const int StackBytes = 2 + StackRanges * MaxRangeBytes;

    /// <summary>Ranges whose text always fits <see cref="StackBytes"/>; callers with longer lists take the string path.</summary>
    public const int StackRanges = 11;

    /// <summary>The longest text <paramref name="ranges"/> ranges can have.</summary>
    public static int MaxBytes(int ranges) => 2 + ranges * MaxRangeBytes;

    // ", " + two 20-digit numbers + '-'.
    private const int MaxRangeBytes = 2 + 20 + 1 + 20;

    /// <summary>
    /// Writes the text of <paramref name="ranges"/> (sorted by begin, as <see cref="Resource"/> keeps
    /// them) into <paramref name="utf8"/>, adjacent and overlapping ranges merged; returns the bytes
    /// written, or -1 when the ranges are not sorted or <paramref name="utf8"/> is shorter than
    /// <see cref="MaxBytes"/> of them (the caller falls back to <see cref="MesosJson.ValueText"/>,
    /// which sorts a copy).
    /// </summary>
    public static int TryFormat(ReadOnlySpan<ValueRange> ranges, Span<byte> utf8)
    {
        if (utf8.Length < MaxBytes(ranges.Length))
            return -1;
        for (int k = 1; k < ranges.Length; k++)
        {
            if (ranges[k].Begin < ranges[k - 1].Begin)
                return -1;
        }

        int pos = 0;
        utf8[pos++] = (byte)'[';
        int i = 0;
        while (i < ranges.Length)
        {
            ulong begin = ranges[i].Begin;
            ulong end = ranges[i].End;
            i++;
            while (i < ranges.Length && ranges[i].Begin <= end + 1)
            {
                end = Math.Max(end, ranges[i].End);
                i++;
            }

            if (pos > 1)
            {
                utf8[pos++] = (byte)',';
                utf8[pos++] = (byte)' ';
            }

            pos += Digits(begin, utf8[pos..]);
            utf8[pos++] = (byte)'-';
            pos += Digits(end, utf8[pos..]);
        }

        utf8[pos++] = (byte)']';
        return pos;
    }

    private static int Digits(ulong value, Span<byte> utf8)
    {
        // Cannot fail: the buffer has MaxRangeBytes per range.
        value.TryFormat(utf8, out int written, default, System.Globalization.CultureInfo.InvariantCulture);
        return written;
    }
}

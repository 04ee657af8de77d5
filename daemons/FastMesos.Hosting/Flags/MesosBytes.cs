using System.Globalization;

namespace FastMesos.Hosting.Flags;

/// <summary>
/// Mesos' byte-size syntax (stout <c>Bytes::parse</c>): a whole number followed by <c>B</c>,
/// <c>KB</c>, <c>MB</c>, <c>GB</c> or <c>TB</c> (case-insensitive, powers of 1024), e.g.
/// <c>32MB</c>, <c>1GB</c>. Fractions are rejected, as in stout.
/// </summary>
public static class MesosBytes
{
    public const long Kilobyte = 1024;
    public const long Megabyte = 1024 * Kilobyte;
    public const long Gigabyte = 1024 * Megabyte;
    public const long Terabyte = 1024 * Gigabyte;

    private static readonly (string Unit, long Factor)[] Units =
        [("TB", Terabyte), ("GB", Gigabyte), ("MB", Megabyte), ("KB", Kilobyte), ("B", 1)];

    /// <summary>Parses <paramref name="text"/> into a byte count; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string text, out long bytes, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        bytes = 0;
        string s = text.Trim();
        int end = 0;
        while (end < s.Length && char.IsAsciiDigit(s[end]))
            end++;
        if (end < s.Length && s[end] == '.')
        {
            error = $"Invalid bytes '{text}': fractional bytes are not allowed";
            return false;
        }
        if (end == 0 || !long.TryParse(s.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out long number))
        {
            error = $"Invalid bytes '{text}': expected a whole number followed by B, KB, MB, GB or TB";
            return false;
        }
        ReadOnlySpan<char> unit = s.AsSpan(end);
        for (int i = 0; i < Units.Length; i++)
        {
            if (!unit.Equals(Units[i].Unit, StringComparison.OrdinalIgnoreCase))
                continue;
            if (number > long.MaxValue / Units[i].Factor)
            {
                error = $"Invalid bytes '{text}': out of range";
                return false;
            }
            bytes = number * Units[i].Factor;
            error = null;
            return true;
        }
        error = unit.Length == 0
            ? $"Invalid bytes '{text}': missing unit (B, KB, MB, GB or TB)"
            : $"Invalid bytes '{text}': unknown unit '{unit}' (expected B, KB, MB, GB or TB)";
        return false;
    }

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/>.</summary>
    public static long Parse(string text) =>
        TryParse(text, out long bytes, out string? error) ? bytes : throw new FormatException(error);

    /// <summary>
    /// Renders like stout's <c>operator&lt;&lt;(Bytes)</c>: the largest unit that loses nothing,
    /// so 32 MiB is <c>32MB</c> and 1025 bytes is <c>1025B</c>.
    /// </summary>
    public static string Format(long bytes)
    {
        if (bytes == 0)
            return "0B";
        for (int i = 0; i < Units.Length; i++)
        {
            if (bytes % Units[i].Factor == 0)
                return (bytes / Units[i].Factor).ToString(CultureInfo.InvariantCulture) + Units[i].Unit;
        }
        return bytes.ToString(CultureInfo.InvariantCulture) + "B";
    }
}

using System.Globalization;

namespace FastMesos.Hosting.Flags;

/// <summary>
/// Mesos' duration syntax (stout <c>Duration::parse</c>): a decimal number followed by one of
/// <c>ns us ms secs mins hrs days weeks</c>, e.g. <c>5secs</c>, <c>1.5mins</c>, <c>100ms</c>.
/// A bare number is also accepted and read as seconds (stout rejects it; FastMesos accepts it
/// because operators type <c>--refuse_seconds=5</c>-style values out of habit).
/// </summary>
/// <remarks>
/// <see cref="TimeSpan"/> counts 100 ns ticks, so nanosecond amounts are rounded to the nearest
/// tick (<c>10ns</c> is zero, <c>150ns</c> is one tick). No daemon flag needs finer resolution.
/// </remarks>
public static class MesosDuration
{
    // Ordered longest unit first so Format picks the largest unit that is at least 1, as stout does.
    private static readonly (string Unit, double Ticks)[] Units =
    [
        ("weeks", TimeSpan.TicksPerDay * 7.0),
        ("days", TimeSpan.TicksPerDay),
        ("hrs", TimeSpan.TicksPerHour),
        ("mins", TimeSpan.TicksPerMinute),
        ("secs", TimeSpan.TicksPerSecond),
        ("ms", TimeSpan.TicksPerMillisecond),
        ("us", TimeSpan.TicksPerMicrosecond),
        ("ns", TimeSpan.TicksPerMicrosecond / 1000.0),
    ];

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string text, out TimeSpan value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        string s = text.Trim();
        int end = 0;
        while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] == '.' || (end == 0 && (s[0] == '-' || s[0] == '+'))))
            end++;
        if (end == 0 || !double.TryParse(s.AsSpan(0, end), NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
        {
            error = $"Invalid duration '{text}': expected a number followed by one of ns, us, ms, secs, mins, hrs, days, weeks";
            return false;
        }
        ReadOnlySpan<char> unit = s.AsSpan(end);
        double ticksPerUnit = unit.Length == 0 ? TimeSpan.TicksPerSecond : -1;
        for (int i = 0; i < Units.Length && ticksPerUnit < 0; i++)
        {
            if (unit.SequenceEqual(Units[i].Unit))
                ticksPerUnit = Units[i].Ticks;
        }
        if (ticksPerUnit < 0)
        {
            error = $"Invalid duration '{text}': unknown unit '{unit}' (expected ns, us, ms, secs, mins, hrs, days or weeks)";
            return false;
        }
        double ticks = Math.Round(number * ticksPerUnit);
        if (double.IsNaN(ticks) || ticks > TimeSpan.MaxValue.Ticks || ticks < TimeSpan.MinValue.Ticks)
        {
            error = $"Invalid duration '{text}': out of range";
            return false;
        }
        value = TimeSpan.FromTicks((long)ticks);
        error = null;
        return true;
    }

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/>.</summary>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out TimeSpan value, out string? error) ? value : throw new FormatException(error);

    /// <summary>
    /// Renders like stout's <c>operator&lt;&lt;(Duration)</c>: the largest unit whose amount is at
    /// least 1, e.g. <c>15secs</c>, <c>1.5mins</c>, <c>2weeks</c>; zero is <c>0ns</c>.
    /// </summary>
    public static string Format(TimeSpan value)
    {
        string sign = value < TimeSpan.Zero ? "-" : "";
        double ticks = Math.Abs((double)value.Ticks);
        for (int i = 0; i < Units.Length; i++)
        {
            if (ticks >= Units[i].Ticks)
                return sign + (ticks / Units[i].Ticks).ToString("G15", CultureInfo.InvariantCulture) + Units[i].Unit;
        }
        return sign + (ticks * 100).ToString("G15", CultureInfo.InvariantCulture) + "ns";
    }
}

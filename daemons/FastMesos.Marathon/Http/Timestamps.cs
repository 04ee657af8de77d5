using System.Globalization;

namespace FastMesos.Marathon.Http;

/// <summary>Marathon's timestamps: ISO-8601 UTC with milliseconds, <c>2015-09-25T15:13:48.343Z</c>.</summary>
internal static class Timestamps
{
    internal const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Characters in a formatted timestamp (years 0001–9999).</summary>
    public const int Length = 24;

    public static string Format(DateTimeOffset time) =>
        string.Create(Length, time, static (chars, t) => Write(t, chars));

    /// <summary>Formats into <paramref name="destination"/> (at least <see cref="Length"/> long) without allocating; returns the length written.</summary>
    public static int Format(DateTimeOffset time, Span<char> destination)
    {
        if (destination.Length < Length)
            return ThrowTooShort();
        Write(time, destination);
        return Length;
    }

    // Digit by digit instead of the pattern above: a stored tree names every app's version, so a
    // deployment formats one timestamp per app, and the culture-aware custom-format path was most
    // of that (perf-reports/2026-12-04-marathon-posts.md). TimestampsTests pins both to the same text.
    private static void Write(DateTimeOffset time, Span<char> d)
    {
        DateTime utc = time.UtcDateTime;
        (int year, int month, int day) = utc;
        long ticks = utc.TimeOfDay.Ticks;
        int millis = (int)(ticks / TimeSpan.TicksPerMillisecond % 1000);
        int seconds = (int)(ticks / TimeSpan.TicksPerSecond);
        Digits(d[..4], year);
        d[4] = '-';
        Digits(d.Slice(5, 2), month);
        d[7] = '-';
        Digits(d.Slice(8, 2), day);
        d[10] = 'T';
        Digits(d.Slice(11, 2), seconds / 3600);
        d[13] = ':';
        Digits(d.Slice(14, 2), seconds / 60 % 60);
        d[16] = ':';
        Digits(d.Slice(17, 2), seconds % 60);
        d[19] = '.';
        Digits(d.Slice(20, 3), millis);
        d[23] = 'Z';
    }

    /// <summary>Writes <paramref name="value"/> zero-padded to exactly the span's width.</summary>
    private static void Digits(Span<char> span, int value)
    {
        for (int i = span.Length - 1; i >= 0; i--)
        {
            span[i] = (char)('0' + value % 10);
            value /= 10;
        }
    }

    private static int ThrowTooShort() => throw new ArgumentException($"a timestamp needs {Length} characters");

    public static bool TryParse(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}

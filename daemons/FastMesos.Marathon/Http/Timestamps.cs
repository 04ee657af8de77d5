using System.Globalization;

namespace FastMesos.Marathon.Http;

/// <summary>Marathon's timestamps: ISO-8601 UTC with milliseconds, <c>2015-09-25T15:13:48.343Z</c>.</summary>
internal static class Timestamps
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Characters in a formatted timestamp (years 0001–9999).</summary>
    public const int Length = 24;

    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>Formats into <paramref name="destination"/> (at least <see cref="Length"/> long) without allocating; returns the length written.</summary>
    public static int Format(DateTimeOffset time, Span<char> destination) =>
        time.UtcDateTime.TryFormat(destination, out int written, Pattern, CultureInfo.InvariantCulture) ? written : ThrowTooShort();

    private static int ThrowTooShort() => throw new ArgumentException($"a timestamp needs {Length} characters");

    public static bool TryParse(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}

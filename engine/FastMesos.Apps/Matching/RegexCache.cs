using System.Text.RegularExpressions;

namespace FastMesos.Apps.Matching;

/// <summary>
/// LIKE/UNLIKE regexes compiled once per distinct pattern and shared by every app and version that
/// uses it (1,000 apps with <c>rack-[1-3]</c> hold one Regex). Patterns are anchored with
/// <c>\A(?:…)\z</c> so <see cref="Regex.IsMatch(ReadOnlySpan{char})"/> means Java's whole-string
/// <c>String.matches</c>. Bounded: past <see cref="Capacity"/> patterns it stops caching new ones.
/// </summary>
public static class RegexCache
{
    public const int Capacity = 4096;

    private static readonly Dictionary<string, Regex> Cache = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <summary>The anchored regex for <paramref name="pattern"/> (validated by the constraint parser).</summary>
    public static Regex Get(string pattern)
    {
        lock (Gate)
        {
            if (Cache.TryGetValue(pattern, out Regex? hit))
                return hit;
            var regex = new Regex(@"\A(?:" + pattern + @")\z", RegexOptions.CultureInvariant);
            if (Cache.Count < Capacity)
                Cache[pattern] = regex;
            return regex;
        }
    }
}

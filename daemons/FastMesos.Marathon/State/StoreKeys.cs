namespace FastMesos.Marathon.State;

/// <summary>
/// Checks store keys: slash-separated segments of letters, digits and <c>-._:</c>, never <c>.</c> or
/// <c>..</c>, so a key maps to a path below the store's root and to a ZooKeeper node name.
/// </summary>
internal static class StoreKeys
{
    public static string[] Segments(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        string[] segments = key.Split('/');
        foreach (string segment in segments)
        {
            if (segment.Length == 0 || segment is "." or "..")
                throw new ArgumentException($"store key '{key}' has an empty or relative segment", nameof(key));
            foreach (char c in segment)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or ':'))
                    throw new ArgumentException($"store key '{key}' has the character '{c}'", nameof(key));
            }
        }
        return segments;
    }
}

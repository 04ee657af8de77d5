namespace FastMesos.Marathon.State;

/// <summary>
/// Checks store keys: slash-separated segments of letters, digits and <c>-._:</c>, never <c>.</c> or
/// <c>..</c>, so a key maps to a path below the store's root and to a ZooKeeper node name.
/// </summary>
internal static class StoreKeys
{
    public static string[] Segments(string key)
    {
        Validate(key);
        return key.Split('/');
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="key"/> is a valid key; allocates nothing when it is.</summary>
    public static void Validate(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        foreach (Range range in key.AsSpan().Split('/'))
            CheckSegment(key, key.AsSpan(range));
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="name"/> is one valid segment of a
    /// key (a name below a folder); allocates nothing when it is.
    /// </summary>
    public static void ValidateSegment(ReadOnlySpan<char> name) => CheckSegment(name, name);

    private static void CheckSegment(ReadOnlySpan<char> key, ReadOnlySpan<char> segment)
    {
        if (segment.IsEmpty || segment is "." or "..")
            ThrowRelative(key.ToString());
        foreach (char c in segment)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or ':'))
                ThrowCharacter(key.ToString(), c);
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowRelative(string key) =>
        throw new ArgumentException($"store key '{key}' has an empty or relative segment", nameof(key));

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowCharacter(string key, char c) =>
        throw new ArgumentException($"store key '{key}' has the character '{c}'", nameof(key));

    /// <summary>
    /// True for a key of task state — an instance (<c>instances/…</c>) or its last health verdict
    /// (<c>health/…</c>): the bulk of what a launch flood writes, and what no REST call waits for.
    /// </summary>
    public static bool IsTaskState(string key) =>
        key.StartsWith("instances/", StringComparison.Ordinal) || key.StartsWith("health/", StringComparison.Ordinal);

    /// <summary>True when every key in <paramref name="folder"/> is task state (<see cref="IsTaskState"/>).</summary>
    public static bool IsTaskStateFolder(string folder) =>
        folder is "instances" or "health" || IsTaskState(folder);

    /// <summary>
    /// The name one level below a listed folder that <paramref name="key"/> falls under: its next
    /// segment after the first <paramref name="folderLength"/> characters (the folder and its slash).
    /// </summary>
    public static string ChildName(string key, int folderLength)
    {
        int end = key.IndexOf('/', folderLength);
        return end < 0 ? key[folderLength..] : key[folderLength..end];
    }
}

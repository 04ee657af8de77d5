namespace FastMesos.Messages;

/// <summary>
/// Role names as Mesos accepts them: <c>*</c> (unreserved), or one or more <c>/</c>-separated
/// segments, none empty, <c>.</c> or <c>..</c>, none starting with <c>-</c>, and without
/// whitespace, backslash or control characters.
/// </summary>
public static class RoleName
{
    /// <summary>The role of unreserved resources and of frameworks that name no role.</summary>
    public const string Any = "*";

    /// <summary>Null when the name is valid, else the reason.</summary>
    public static string? Validate(string? role)
    {
        if (string.IsNullOrEmpty(role))
            return "role name is empty";
        if (role == Any)
            return null;
        if (role[0] == '/' || role[^1] == '/')
            return "role name must not start or end with '/'";
        foreach (char c in role)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c == '\\' || c == '*' || c == '(' || c == ')' || c == ':' || c == ';' || c == ',')
                return $"role name contains the invalid character '{c}'";
        }
        int start = 0;
        while (start <= role.Length)
        {
            int slash = role.IndexOf('/', start);
            int end = slash < 0 ? role.Length : slash;
            ReadOnlySpan<char> seg = role.AsSpan(start, end - start);
            if (seg.IsEmpty)
                return "role name has an empty path segment";
            if (seg.SequenceEqual(".") || seg.SequenceEqual(".."))
                return "role name segments must not be '.' or '..'";
            if (seg[0] == '-')
                return "role name segments must not start with '-'";
            if (slash < 0)
                break;
            start = slash + 1;
        }
        return null;
    }

    /// <summary>True when <paramref name="role"/> equals <paramref name="ancestor"/> or lies beneath it.</summary>
    public static bool IsSameOrDescendant(string role, string ancestor) =>
        role == ancestor ||
        (role.Length > ancestor.Length && role[ancestor.Length] == '/' && role.StartsWith(ancestor, StringComparison.Ordinal));
}

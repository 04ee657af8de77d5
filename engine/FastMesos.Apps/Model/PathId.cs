using System.Text.RegularExpressions;

namespace FastMesos.Apps.Model;

/// <summary>
/// An absolute, slash-separated Marathon path (<c>/prod/db</c>); <see cref="Root"/> is <c>/</c>.
/// Construction never fails: <see cref="Resolve"/> keeps whatever segments it is given, and
/// <see cref="Validate"/> reports Marathon's messages, because an invalid id is a 422 validation
/// error on <c>/id</c>, not a JSON error. <see cref="TryParse"/> does both in one call.
/// </summary>
public sealed partial class PathId : IEquatable<PathId>, IComparable<PathId>
{
    /// <summary>Marathon's segment regex (<c>PathId.ID_PATH_SEGMENT_PATTERN</c>).</summary>
    public const string SegmentPattern =
        @"^(([a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])$";

    public const string SegmentMessage = "must fully match regular expression '" + SegmentPattern + "'";
    public const string ReservedMessage =
        "must not end with any of the following reserved keywords: restart, tasks, versions, ., ..";
    public const string EmptyMessage = "Path must contain at least one path element";

    private static readonly string[] Reserved = ["restart", "tasks", "versions", ".", ".."];

    public static readonly PathId Root = new([]);

    private readonly string[] segments;
    // Derived values, computed once: a path is immutable, and the group tree asks every app for its
    // parent and hash on each change (validation, lookups by id).
    private string? text;
    private PathId? parent;
    private int hash;

    private PathId(string[] segments) => this.segments = segments;

    public IReadOnlyList<string> Segments => segments;

    public bool IsRoot => segments.Length == 0;

    /// <summary>The last segment, or "" for the root.</summary>
    public string Name => segments.Length == 0 ? "" : segments[^1];

    /// <summary>The enclosing path; the root is its own parent.</summary>
    public PathId Parent => segments.Length == 0 ? this : parent ??= new PathId(segments[..^1]);

    /// <summary>This path with one more segment.</summary>
    public PathId Child(string segment)
    {
        var s = new string[segments.Length + 1];
        segments.CopyTo(s, 0);
        s[^1] = segment;
        return new PathId(s);
    }

    /// <summary>Builds a path from its segments (no validation).</summary>
    public static PathId FromSegments(IReadOnlyList<string> parts)
    {
        var s = new string[parts.Count];
        for (int i = 0; i < s.Length; i++)
            s[i] = parts[i];
        return new PathId(s);
    }

    /// <summary>
    /// Makes <paramref name="text"/> absolute: an absolute id keeps its segments as written (so
    /// <c>/a/..</c> stays invalid), a relative id (<c>app</c>, <c>./x</c>, <c>../x</c>) is resolved
    /// against <paramref name="parent"/>, <c>..</c> above the root staying at the root.
    /// </summary>
    public static PathId Resolve(string text, PathId? parent = null)
    {
        string[] parts = text.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (text.StartsWith('/'))
            return new PathId(parts);
        var result = new List<string>((parent?.segments.Length ?? 0) + parts.Length);
        if (parent is not null)
            result.AddRange(parent.segments);
        foreach (string p in parts)
        {
            if (p == ".")
                continue;
            if (p == "..")
            {
                if (result.Count > 0)
                    result.RemoveAt(result.Count - 1);
                continue;
            }
            result.Add(p);
        }
        return new PathId(result.ToArray());
    }

    /// <summary>
    /// Marathon's messages for this path as an app or group id (empty when valid): the segment
    /// regex, the reserved last segment and, when <paramref name="allowRoot"/> is false, the root.
    /// </summary>
    public IReadOnlyList<string> Validate(bool allowRoot = false)
    {
        var errors = new List<string>(2);
        if (segments.Length == 0)
        {
            if (!allowRoot)
                errors.Add(EmptyMessage);
            return errors;
        }
        foreach (string s in segments)
        {
            if (!SegmentRegex().IsMatch(s))
            {
                errors.Add(SegmentMessage);
                break;
            }
        }
        foreach (string r in Reserved)
        {
            if (segments[^1] == r)
            {
                errors.Add(ReservedMessage);
                break;
            }
        }
        return errors;
    }

    /// <summary>Resolves and validates; on failure <paramref name="error"/> is the first message.</summary>
    public static bool TryParse(string text, PathId? parent, out PathId id, out string? error)
    {
        id = Resolve(text, parent);
        IReadOnlyList<string> errors = id.Validate();
        error = errors.Count == 0 ? null : errors[0];
        return error is null;
    }

    /// <summary>True when this path lies strictly below <paramref name="parent"/> (any depth).</summary>
    public bool IsChildOf(PathId parent)
    {
        if (parent.segments.Length >= segments.Length)
            return false;
        for (int i = 0; i < parent.segments.Length; i++)
        {
            if (!string.Equals(parent.segments[i], segments[i], StringComparison.Ordinal))
                return false;
        }
        return true;
    }

    /// <summary>The path of <paramref name="descendant"/> one level below this one (its child on the way down).</summary>
    public PathId ChildTowards(PathId descendant) => new(descendant.segments[..(segments.Length + 1)]);

    public bool Equals(PathId? other)
    {
        if (ReferenceEquals(this, other))
            return true;
        if (other is null || other.segments.Length != segments.Length)
            return false;
        for (int i = 0; i < segments.Length; i++)
        {
            if (!string.Equals(segments[i], other.segments[i], StringComparison.Ordinal))
                return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is PathId other && Equals(other);

    public override int GetHashCode()
    {
        // 0 means "not computed yet"; a path whose hash is 0 just recomputes it each time.
        if (hash != 0)
            return hash;
        var combined = new HashCode();
        foreach (string s in segments)
            combined.Add(s, StringComparer.Ordinal);
        return hash = combined.ToHashCode();
    }

    public int CompareTo(PathId? other) => string.CompareOrdinal(ToString(), other?.ToString());

    public static bool operator ==(PathId? a, PathId? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(PathId? a, PathId? b) => !(a == b);

    /// <summary>Canonical form: <c>/</c> for the root, else <c>/a/b</c>.</summary>
    // Cached: ids are compared and printed on every launch and status update. Immutable, so a
    // racing first call only builds the same text twice.
    public override string ToString() => text ??= "/" + string.Join('/', segments);

    [GeneratedRegex(SegmentPattern, RegexOptions.CultureInvariant)]
    private static partial Regex SegmentRegex();
}

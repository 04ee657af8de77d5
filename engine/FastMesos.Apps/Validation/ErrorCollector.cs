namespace FastMesos.Apps.Validation;

/// <summary>
/// Accumulates messages by path, keeping first-seen path order and dropping a repeated message on
/// the same path, so the result has Marathon's one-entry-per-path shape.
/// </summary>
public sealed class ErrorCollector
{
    private readonly List<string> paths = [];
    private readonly Dictionary<string, List<string>> byPath = new(StringComparer.Ordinal);

    public bool IsEmpty => paths.Count == 0;

    public void Add(string path, string message)
    {
        if (path.Length == 0)
            path = "/";
        if (!byPath.TryGetValue(path, out List<string>? list))
        {
            list = [];
            byPath[path] = list;
            paths.Add(path);
        }
        if (!list.Contains(message))
            list.Add(message);
    }

    /// <summary>Adds every entry of <paramref name="errors"/>, with <paramref name="prefix"/> before each path.</summary>
    public void AddAll(IReadOnlyList<ValidationError> errors, string prefix = "")
    {
        foreach (ValidationError e in errors)
        {
            string path = prefix.Length == 0 ? e.Path : e.Path == "/" ? prefix : prefix + e.Path;
            foreach (string m in e.Errors)
                Add(path, m);
        }
    }

    public IReadOnlyList<ValidationError> ToList()
    {
        var result = new ValidationError[paths.Count];
        for (int i = 0; i < result.Length; i++)
            result[i] = new ValidationError(paths[i], byPath[paths[i]].ToArray());
        return result;
    }

    public ValidationResult ToResult() => paths.Count == 0 ? ValidationResult.Valid : new ValidationResult(ToList());
}

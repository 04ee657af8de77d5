namespace FastMesos.Apps.Validation;

/// <summary>The outcome of a validation: valid when <see cref="Errors"/> is empty; one entry per path.</summary>
public sealed class ValidationResult
{
    public static readonly ValidationResult Valid = new([]);

    public ValidationResult(IReadOnlyList<ValidationError> errors) => Errors = errors;

    public IReadOnlyList<ValidationError> Errors { get; }

    public bool IsValid => Errors.Count == 0;

    /// <summary>The messages for <paramref name="path"/>, empty if it has none.</summary>
    public IReadOnlyList<string> At(string path)
    {
        foreach (ValidationError e in Errors)
        {
            if (e.Path == path)
                return e.Errors;
        }
        return [];
    }

    /// <summary>True when some path carries <paramref name="message"/>.</summary>
    public bool Contains(string message)
    {
        foreach (ValidationError e in Errors)
        {
            foreach (string m in e.Errors)
            {
                if (m == message)
                    return true;
            }
        }
        return false;
    }

    public override string ToString()
    {
        var parts = new List<string>(Errors.Count);
        foreach (ValidationError e in Errors)
            parts.Add(e.Path + ": " + string.Join("; ", e.Errors));
        return string.Join(" | ", parts);
    }
}

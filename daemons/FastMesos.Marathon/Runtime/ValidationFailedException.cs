using FastMesos.Apps.Validation;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// A body that read as JSON but is not a valid definition: 422 with
/// <c>{"message": "Object is not valid" | "Invalid JSON", "details": [{path, errors}]}</c>, or a body
/// that is not JSON at all: 400 with <c>details</c> as the parser's text.
/// </summary>
public sealed class ValidationFailedException : Exception
{
    public const string NotValid = "Object is not valid";
    public const string InvalidJson = "Invalid JSON";

    public ValidationFailedException(string message, IReadOnlyList<ValidationError> errors)
        : base(message)
    {
        Errors = errors;
    }

    public ValidationFailedException()
    {
    }

    public ValidationFailedException(string message)
        : base(message)
    {
    }

    public ValidationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public IReadOnlyList<ValidationError> Errors { get; } = [];

    /// <summary>Set for a body that is not JSON: the parser's message (400).</summary>
    public string? MalformedDetails { get; init; }

    /// <summary>
    /// The same failure for an element of a JSON array: every path prefixed with
    /// <paramref name="prefix"/> (<c>/(0)</c>), as Marathon reports the elements of a batch body
    /// (<c>/(0)/cpus</c>; the element itself is <c>/(0)</c>).
    /// </summary>
    public ValidationFailedException WithPathPrefix(string prefix)
    {
        var errors = new ValidationError[Errors.Count];
        for (int i = 0; i < errors.Length; i++)
        {
            ValidationError error = Errors[i];
            errors[i] = error with { Path = error.Path is "" or "/" ? prefix : prefix + error.Path };
        }
        return new ValidationFailedException(Message, errors) { MalformedDetails = MalformedDetails };
    }
}

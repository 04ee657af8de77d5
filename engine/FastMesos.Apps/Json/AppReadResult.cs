using FastMesos.Apps.Model;
using FastMesos.Apps.Validation;

namespace FastMesos.Apps.Json;

/// <summary>
/// What the reader made of a body. The HTTP layer maps it as Marathon does:
/// <see cref="MalformedDetails"/> → 400 <c>{"message":"Invalid JSON","details":"&lt;text&gt;"}</c>;
/// <see cref="JsonErrors"/> → 422 <c>{"message":"Invalid JSON","details":[...]}</c>;
/// <see cref="ValidationErrors"/> (constraints, deprecated-field conflicts, the rollback rule) →
/// 422 <c>{"message":"Object is not valid","details":[...]}</c>, merged with <see cref="Validation.AppValidator"/>'s.
/// </summary>
public sealed class AppReadResult
{
    internal AppReadResult(AppDefinition? app, IReadOnlyList<ValidationError> jsonErrors,
        IReadOnlyList<ValidationError> validationErrors, string? malformed, DateTimeOffset? rollbackVersion)
    {
        App = app;
        JsonErrors = jsonErrors;
        ValidationErrors = validationErrors;
        MalformedDetails = malformed;
        RollbackVersion = rollbackVersion;
    }

    /// <summary>The definition; null only when the body was malformed, not an object, or a rollback.</summary>
    public AppDefinition? App { get; }

    /// <summary>Type errors (<c>error.expected.jsnumber</c>, …) by path.</summary>
    public IReadOnlyList<ValidationError> JsonErrors { get; }

    /// <summary>Rule violations found while reading (they need the raw JSON).</summary>
    public IReadOnlyList<ValidationError> ValidationErrors { get; }

    /// <summary>The parser's text when the body is not JSON at all.</summary>
    public string? MalformedDetails { get; }

    /// <summary>Set when an update body is <c>{"version": ts}</c> (plus optionally <c>id</c>): roll back to that version.</summary>
    public DateTimeOffset? RollbackVersion { get; }

    public bool IsMalformed => MalformedDetails is not null;

    /// <summary>True when an app (or a rollback) was read with no error of any kind.</summary>
    public bool IsOk => MalformedDetails is null && JsonErrors.Count == 0 && ValidationErrors.Count == 0;

    internal static AppReadResult Malformed(string details) => new(null, [], [], details, null);
}

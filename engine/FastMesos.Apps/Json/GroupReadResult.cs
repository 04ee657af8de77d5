using FastMesos.Apps.Model;
using FastMesos.Apps.Validation;

namespace FastMesos.Apps.Json;

/// <summary>
/// What the group reader made of a body; error kinds map to HTTP as in <see cref="AppReadResult"/>.
/// A PUT body may instead be a rollback (<see cref="RollbackVersion"/>, which wins) or a scale
/// (<see cref="ScaleBy"/>).
/// </summary>
public sealed class GroupReadResult
{
    internal GroupReadResult(Group? group, IReadOnlyList<ValidationError> jsonErrors, IReadOnlyList<ValidationError> validationErrors,
        string? malformed, DateTimeOffset? rollbackVersion, double? scaleBy)
    {
        Group = group;
        JsonErrors = jsonErrors;
        ValidationErrors = validationErrors;
        MalformedDetails = malformed;
        RollbackVersion = rollbackVersion;
        ScaleBy = scaleBy;
    }

    public Group? Group { get; }
    public IReadOnlyList<ValidationError> JsonErrors { get; }
    public IReadOnlyList<ValidationError> ValidationErrors { get; }
    public string? MalformedDetails { get; }
    public DateTimeOffset? RollbackVersion { get; }
    public double? ScaleBy { get; }

    public bool IsMalformed => MalformedDetails is not null;

    public bool IsOk => MalformedDetails is null && JsonErrors.Count == 0 && ValidationErrors.Count == 0;
}

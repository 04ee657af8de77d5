using System.Text.RegularExpressions;

namespace FastMesos.Apps.Constraints;

/// <summary>
/// Turns the app form <c>["field","OPERATOR"(,"value")]</c> into a <see cref="Constraint"/>, or into
/// the validation message Marathon gives for it (specs/marathon.md §3, <c>SchedulingValidation</c>).
/// Runs once per app definition, not per offer.
/// </summary>
public static class ConstraintParser
{
    public const string WrongArity = "Each constraint must have either 2 or 3 fields";
    public const string MissingField = "missing field for constraint declaration";
    public const string UnknownOperator =
        "operator must be one of the following UNIQUE, CLUSTER, GROUP_BY, LIKE, MAX_PER, UNLIKE or IS";
    public const string UniqueWithValue = "UNIQUE does not accept a value";
    public const string GroupByNotInteger = "GROUP BY must define an integer value or else no value at all";
    public const string MaxPerNotInteger = "MAX_PER requires an integer value";
    public const string LikeWithoutRegex = "LIKE and UNLIKE require a non-empty, regular expression value";
    public const string IsValueInvalid =
        "IS only supports Mesos text and float values (see http://mesos.apache.org/documentation/latest/attributes-resources/)";

    /// <summary>Parses one constraint; on failure <paramref name="error"/> is Marathon's message.</summary>
    public static bool TryParse(IReadOnlyList<string?> parts, out Constraint? constraint, out string? error)
    {
        constraint = null;
        if (parts.Count is not (2 or 3))
            return Fail(WrongArity, out error);
        string? field = parts[0];
        if (string.IsNullOrEmpty(field))
            return Fail(MissingField, out error);
        if (!TryParseOperator(parts[1], out ConstraintOperator op))
            return Fail(UnknownOperator, out error);
        string? value = parts.Count == 3 ? parts[2] : null;

        switch (op)
        {
            case ConstraintOperator.Unique when value is not null:
                return Fail(UniqueWithValue, out error);
            case ConstraintOperator.GroupBy when value is not null && !int.TryParse(value, out _):
                return Fail(GroupByNotInteger, out error);
            case ConstraintOperator.MaxPer when value is null || !int.TryParse(value, out _):
                return Fail(MaxPerNotInteger, out error);
            case ConstraintOperator.Like or ConstraintOperator.Unlike when string.IsNullOrEmpty(value):
                return Fail(LikeWithoutRegex, out error);
            case ConstraintOperator.Like or ConstraintOperator.Unlike when !IsValidRegex(value!):
                return Fail($"'{value}' is not a valid regular expression", out error);
            case ConstraintOperator.Is when value is null || !IsTextOrScalar(value):
                return Fail(IsValueInvalid, out error);
        }

        constraint = new Constraint(field, op, value);
        error = null;
        return true;
    }

    /// <summary>The operator from its name, case-insensitively (<c>group_by</c> → GroupBy).</summary>
    public static bool TryParseOperator(string? name, out ConstraintOperator op)
    {
        for (int i = 0; i < Names.Length; i++)
        {
            if (string.Equals(name, Names[i], StringComparison.OrdinalIgnoreCase))
            {
                op = (ConstraintOperator)i;
                return true;
            }
        }
        op = default;
        return false;
    }

    /// <summary>The canonical name Marathon writes back.</summary>
    public static string Name(ConstraintOperator op) => Names[(int)op];

    // Indexed by ConstraintOperator.
    private static readonly string[] Names = ["UNIQUE", "CLUSTER", "GROUP_BY", "MAX_PER", "LIKE", "UNLIKE", "IS"];

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }

    private static bool IsValidRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // Marathon: ^[a-zA-Z0-9_/.-]*$ (Mesos text and scalar attribute values).
    private static bool IsTextOrScalar(string value)
    {
        foreach (char c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '/' or '.' or '-'))
                return false;
        }
        return true;
    }
}

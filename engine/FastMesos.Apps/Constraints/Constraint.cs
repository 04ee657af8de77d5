namespace FastMesos.Apps.Constraints;

/// <summary>
/// One placement constraint of an app, <c>[field, OPERATOR(, value)]</c>. Built only by
/// <see cref="ConstraintParser"/>, so a value exists exactly when the operator takes one and has
/// been validated (an integer for GROUP_BY/MAX_PER, a compilable regex for LIKE/UNLIKE).
/// </summary>
/// <param name="Field"><c>hostname</c>/<c>@hostname</c>, <c>@region</c>, <c>@zone</c> or an agent attribute name.</param>
/// <param name="Operator">The operator.</param>
/// <param name="Value">The operator's argument, or null when it has none.</param>
public sealed record Constraint(string Field, ConstraintOperator Operator, string? Value)
{
    /// <summary>The canonical operator name, as Marathon writes it back (<c>GROUP_BY</c>, <c>MAX_PER</c>, …).</summary>
    public string OperatorName => ConstraintParser.Name(Operator);
}

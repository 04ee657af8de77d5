using System.Globalization;
using System.Text.RegularExpressions;
using FastMesos.Apps.Constraints;

namespace FastMesos.Apps.Matching;

/// <summary>
/// A parsed <see cref="Constraint"/> prepared for matching: the field kind resolved, the integer of
/// GROUP_BY/MAX_PER parsed, the LIKE/UNLIKE regex compiled once (anchored, since Marathon uses Java's
/// whole-string <c>matches</c>) and shared through <see cref="RegexCache"/>, and the IS value
/// normalised to Marathon's scalar form. Built once per app version, never per offer.
/// </summary>
public sealed class CompiledConstraint
{
    public CompiledConstraint(Constraint constraint)
    {
        ArgumentNullException.ThrowIfNull(constraint);
        Source = constraint;
        Field = constraint.Field switch
        {
            "hostname" or "@hostname" => ConstraintField.Hostname,
            "@region" or "@zone" => ConstraintField.FaultDomain,
            _ => ConstraintField.Attribute,
        };
        switch (constraint.Operator)
        {
            case ConstraintOperator.GroupBy:
                // No value: Marathon's GroupByDefault 0, i.e. every group is "enough".
                Number = constraint.Value is null ? 0 : int.Parse(constraint.Value, CultureInfo.InvariantCulture);
                break;
            case ConstraintOperator.MaxPer:
                Number = int.Parse(constraint.Value!, CultureInfo.InvariantCulture);
                break;
            case ConstraintOperator.Like or ConstraintOperator.Unlike:
                Regex = RegexCache.Get(constraint.Value!);
                break;
            case ConstraintOperator.Is:
                // A text value compares as-is; a number also matches a scalar attribute at 3 decimals.
                if (double.TryParse(constraint.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))
                    ScalarValue = AttributeFormatter.FormatScalar(d);
                break;
        }
    }

    /// <summary>The constraint as the app declared it.</summary>
    public Constraint Source { get; }

    public ConstraintOperator Operator => Source.Operator;

    /// <summary>The raw value (CLUSTER's value, IS's text), or null.</summary>
    public string? Value => Source.Value;

    /// <summary>The attribute name when <see cref="Field"/> is <see cref="ConstraintField.Attribute"/>.</summary>
    public string FieldName => Source.Field;

    public ConstraintField Field { get; }

    /// <summary>GROUP_BY's group count (0 when absent) or MAX_PER's limit.</summary>
    public int Number { get; }

    /// <summary>The anchored LIKE/UNLIKE regex.</summary>
    public Regex? Regex { get; }

    /// <summary>IS's value in Marathon's scalar form when it is a number (<c>0.80</c> → <c>0.8</c>), else null.</summary>
    public string? ScalarValue { get; }

    public override string ToString() => Source.Value is null
        ? $"[{Source.Field},{Source.OperatorName}]"
        : $"[{Source.Field},{Source.OperatorName},{Source.Value}]";
}

using FastMesos.Apps.Constraints;

namespace FastMesos.Apps.Matching;

/// <summary>
/// Marathon's constraint semantics (specs/marathon.md §3, <c>Constraints.scala</c>): does an agent
/// whose field value is <c>value</c> satisfy a constraint, given the already placed instances
/// (<see cref="ValueCounter"/>) plus <c>pending</c> instances already chosen for this same offer
/// (they share the offer's value, so they count as placed there)? Allocation-free.
/// </summary>
public static class ConstraintEvaluator
{
    /// <summary>Checks one constraint.</summary>
    /// <param name="constraint">The constraint.</param>
    /// <param name="placed">Counts of the app's placed instances per value of the constraint's field.</param>
    /// <param name="present">False when the agent lacks the field: then only UNLIKE is satisfied.</param>
    /// <param name="value">The agent's formatted field value.</param>
    /// <param name="isScalar">The value is a formatted scalar attribute (IS then also compares at 3 decimals).</param>
    /// <param name="pending">Instances already placed on this offer, not yet in <paramref name="placed"/>.</param>
    public static bool IsSatisfied(CompiledConstraint constraint, ValueCounter placed, bool present,
        ReadOnlySpan<char> value, bool isScalar = false, int pending = 0)
    {
        if (!present)
            return constraint.Operator == ConstraintOperator.Unlike;
        switch (constraint.Operator)
        {
            case ConstraintOperator.Unique:
                return pending == 0 && placed.CountOf(value) == 0;
            case ConstraintOperator.Cluster:
                if (constraint.Value is not null)
                    return value.SequenceEqual(constraint.Value);
                // Without a value the first instance picks the value; agents lacking the field are ignored.
                return placed.DistinctValues == 0 || (placed.DistinctValues == 1 && placed.CountOf(value) > 0);
            case ConstraintOperator.GroupBy:
                return GroupBy(constraint.Number, placed, value, pending);
            case ConstraintOperator.MaxPer:
                return placed.CountOf(value) + pending < constraint.Number;
            case ConstraintOperator.Like:
                return constraint.Regex!.IsMatch(value);
            case ConstraintOperator.Unlike:
                return !constraint.Regex!.IsMatch(value);
            default: // Is
                return value.SequenceEqual(constraint.Value) ||
                       (isScalar && constraint.ScalarValue is not null && value.SequenceEqual(constraint.ScalarValue));
        }
    }

    // Marathon: a value no placed instance has is always accepted; a value already used is accepted
    // only once at least N groups exist and this group is (one of) the smallest. Agents without the
    // field form one more group, as Marathon groups by Option[value].
    private static bool GroupBy(int minimumGroups, ValueCounter placed, ReadOnlySpan<char> value, int pending)
    {
        int placedHere = placed.CountOf(value);
        int count = placedHere + pending;
        if (count == 0)
            return true;
        int groups = placed.DistinctValues + (placed.Missing > 0 ? 1 : 0) + (placedHere == 0 ? 1 : 0);
        if (groups < minimumGroups)
            return false;
        int min = placed.MinGroupCount(value, pending);
        if (placedHere == 0 && (min == 0 || pending < min))
            min = pending;
        return count == min;
    }
}

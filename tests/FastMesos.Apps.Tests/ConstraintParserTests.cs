using FastMesos.Apps.Constraints;

namespace FastMesos.Apps.Tests;

public sealed class ConstraintParserTests
{
    [Theory]
    [InlineData(new[] { "hostname", "UNIQUE" }, ConstraintOperator.Unique, null)]
    [InlineData(new[] { "rack_id", "group_by", "3" }, ConstraintOperator.GroupBy, "3")]
    [InlineData(new[] { "rack_id", "GROUP_BY" }, ConstraintOperator.GroupBy, null)]
    [InlineData(new[] { "rack_id", "Cluster", "rack-1" }, ConstraintOperator.Cluster, "rack-1")]
    [InlineData(new[] { "rack_id", "MAX_PER", "2" }, ConstraintOperator.MaxPer, "2")]
    [InlineData(new[] { "rack_id", "LIKE", "rack-[1-3]" }, ConstraintOperator.Like, "rack-[1-3]")]
    [InlineData(new[] { "rack_id", "UNLIKE", "rack-1" }, ConstraintOperator.Unlike, "rack-1")]
    [InlineData(new[] { "level", "IS", "0.8" }, ConstraintOperator.Is, "0.8")]
    public void Valid_constraints_parse_with_case_insensitive_operators(string[] parts, ConstraintOperator op, string? value)
    {
        Assert.True(ConstraintParser.TryParse(parts, out Constraint? c, out string? error), error);
        Assert.Equal(new Constraint(parts[0], op, value), c);
    }

    // specs/marathon.md §14 scenario 26 and the §3 message list.
    [Theory]
    [InlineData(new[] { "hostname", "UNIQUE", "x" }, ConstraintParser.UniqueWithValue)]
    [InlineData(new[] { "rack_id", "MAX_PER" }, ConstraintParser.MaxPerNotInteger)]
    [InlineData(new[] { "rack_id", "MAX_PER", "two" }, ConstraintParser.MaxPerNotInteger)]
    [InlineData(new[] { "rack_id", "FOO" }, ConstraintParser.UnknownOperator)]
    [InlineData(new[] { "rack_id", "GROUP_BY", "x" }, ConstraintParser.GroupByNotInteger)]
    [InlineData(new[] { "rack_id", "LIKE" }, ConstraintParser.LikeWithoutRegex)]
    [InlineData(new[] { "rack_id", "LIKE", "(" }, "'(' is not a valid regular expression")]
    [InlineData(new[] { "rack_id", "IS", "a b" }, ConstraintParser.IsValueInvalid)]
    [InlineData(new[] { "rack_id" }, ConstraintParser.WrongArity)]
    [InlineData(new[] { "a", "UNIQUE", "b", "c" }, ConstraintParser.WrongArity)]
    [InlineData(new[] { "", "UNIQUE" }, ConstraintParser.MissingField)]
    public void Invalid_constraints_get_marathons_message(string[] parts, string message)
    {
        Assert.False(ConstraintParser.TryParse(parts, out Constraint? c, out string? error));
        Assert.Null(c);
        Assert.Equal(message, error);
    }

    [Fact]
    public void Operator_names_round_trip_to_the_canonical_spelling()
    {
        foreach (ConstraintOperator op in Enum.GetValues<ConstraintOperator>())
        {
            Assert.True(ConstraintParser.TryParseOperator(ConstraintParser.Name(op).ToLowerInvariant(), out ConstraintOperator back));
            Assert.Equal(op, back);
        }
    }
}

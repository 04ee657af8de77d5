using FastMesos.Apps.Matching;
using FastMesos.Messages;

namespace FastMesos.Apps.Tests;

public sealed class AttributeFormatterTests
{
    [Theory]
    [InlineData(1.0005, "1")]      // half-even at the 4th decimal: 1.000|5 → 1.000
    [InlineData(1.0015, "1.002")]  // half-even rounds to the even neighbour
    [InlineData(0.8, "0.8")]
    [InlineData(0.8001, "0.8")]
    [InlineData(2, "2")]
    [InlineData(0, "0")]
    [InlineData(123.4567, "123.457")]
    [InlineData(0.0004, "0")]
    [InlineData(-1.5, "-1.5")]
    public void Scalars_format_as_0_hash_hash_hash_half_even(double value, string expected) =>
        Assert.Equal(expected, AttributeFormatter.FormatScalar(value));

    [Fact]
    public void Text_is_as_is()
    {
        AgentAttributes a = AgentAttributes.Parse("rack_id:rack-1");
        Assert.Equal("rack-1", AttributeFormatter.Format(a[0]));
    }

    [Fact]
    public void Ranges_are_sorted_and_comma_separated()
    {
        var a = new AgentAttribute
        {
            Name = "r",
            Type = AttributeType.Ranges,
            Ranges = [new ValueRange(30, 40), new ValueRange(1, 2), new ValueRange(5, 5)],
        };
        Assert.Equal("[1-2,5-5,30-40]", AttributeFormatter.Format(a));
        Assert.Equal("[1-2,5-6]", AttributeFormatter.Format(AgentAttributes.Parse("p:[5-6,1-2]")[0]));
    }

    [Fact]
    public void Sets_are_sorted_ordinally_in_braces()
    {
        Assert.Equal("{a,b,c}", AttributeFormatter.Format(AgentAttributes.Parse("s:{c,a,b}")[0]));
        var empty = new AgentAttribute { Name = "s", Type = AttributeType.Set, Set = [] };
        Assert.Equal("{}", AttributeFormatter.Format(empty));
    }

    [Fact]
    public void Scalar_attributes_format_through_the_scalar_rule()
    {
        Assert.Equal("0.8", AttributeFormatter.Format(AgentAttributes.Parse("level:0.80")[0]));
        Assert.Equal("3", AttributeFormatter.Format(AgentAttributes.Parse("gen:3.0")[0]));
    }

    [Fact]
    public void A_short_buffer_is_refused_not_overrun()
    {
        AgentAttribute a = AgentAttributes.Parse("s:{alpha,beta}")[0];
        Assert.False(AttributeFormatter.TryFormat(a, new char[5], out _));
    }

    [Fact]
    public void Field_values_resolve_hostname_fault_domains_and_attributes()
    {
        CompiledConstraint[] cs =
        [
            MatchingFixtures.Constraint("hostname", "UNIQUE"),
            MatchingFixtures.Constraint("@hostname", "UNIQUE"),
            MatchingFixtures.Constraint("@zone", "UNIQUE"),
            MatchingFixtures.Constraint("@region", "UNIQUE"),
            MatchingFixtures.Constraint("rack_id", "UNIQUE"),
            MatchingFixtures.Constraint("level", "UNIQUE"),
            MatchingFixtures.Constraint("absent", "UNIQUE"),
        ];
        var values = new FieldValues();
        values.Load(MatchingFixtures.Offer("h1", attributes: "rack_id:r1;level:0.8"), cs);
        Assert.Equal("h1", values.Get(0).ToString());
        Assert.Equal("h1", values.Get(1).ToString());
        Assert.False(values.Has(2));
        Assert.False(values.Has(3));
        Assert.Equal("r1", values.Get(4).ToString());
        Assert.Equal("0.8", values.Get(5).ToString());
        Assert.True(values.IsScalar(5));
        Assert.False(values.Has(6));
    }
}

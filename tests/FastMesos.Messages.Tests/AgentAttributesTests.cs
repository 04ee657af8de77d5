namespace FastMesos.Messages.Tests;

/// <summary>Agent attributes in Mesos' text form: types follow the value's shape.</summary>
public class AgentAttributesTests
{
    private const string Example = "rack_id:r1;zone:a;level:0.8;ports:[1-2];zones:{a,b}";

    [Fact]
    public void Parse_types_each_value_by_its_shape()
    {
        AgentAttributes attrs = AgentAttributes.Parse(Example);
        Assert.Equal(5, attrs.Count);

        Assert.Equal("rack_id", attrs[0].Name);
        Assert.Equal(AttributeType.Text, attrs[0].Type);
        Assert.Equal("r1", attrs[0].Text);

        Assert.Equal(AttributeType.Text, attrs[1].Type);
        Assert.Equal("a", attrs[1].Text);

        Assert.Equal(AttributeType.Scalar, attrs[2].Type);
        Assert.Equal(0.8, attrs[2].Scalar);

        Assert.Equal(AttributeType.Ranges, attrs[3].Type);
        Assert.Equal([new ValueRange(1, 2)], attrs[3].Ranges);

        Assert.Equal(AttributeType.Set, attrs[4].Type);
        Assert.Equal(["a", "b"], attrs[4].Set);
    }

    [Theory]
    // The full example prints back unchanged.
    [InlineData(Example, Example)]
    // Whitespace and empty tokens are dropped.
    [InlineData(" rack_id : r1 ;; zone:a ", "rack_id:r1;zone:a")]
    // Scalars print as the shortest round-trip double.
    [InlineData("level:1e3", "level:1000")]
    // Negative numbers are scalars too (attributes are not quantities).
    [InlineData("offset:-2.5", "offset:-2.5")]
    // Something that is almost a number is text.
    [InlineData("host:10.0.0.1", "host:10.0.0.1")]
    // NaN is not a usable number: it stays text.
    [InlineData("x:NaN", "x:NaN")]
    // Several ranges.
    [InlineData("ports:[5-6,1-2]", "ports:[1-2, 5-6]")]
    // Set items keep their order.
    [InlineData("zones:{ b , a }", "zones:{b,a}")]
    // Nothing.
    [InlineData("", "")]
    public void Parse_then_print(string text, string printed)
    {
        AgentAttributes attrs = AgentAttributes.Parse(text);
        Assert.Equal(printed, attrs.ToString());
        // And once printed, the text is a fixed point.
        Assert.Equal(printed, AgentAttributes.Parse(printed).ToString());
    }

    [Fact]
    public void Round_trip_keeps_names_types_and_values()
    {
        AgentAttributes once = AgentAttributes.Parse(Example);
        AgentAttributes twice = AgentAttributes.Parse(once.ToString());
        Assert.Equal(once.Count, twice.Count);
        for (int i = 0; i < once.Count; i++)
        {
            Assert.Equal(once[i].Name, twice[i].Name);
            Assert.Equal(once[i].Type, twice[i].Type);
            Assert.Equal(once[i].ValueText(), twice[i].ValueText());
        }
    }

    [Fact]
    public void Find_by_name()
    {
        AgentAttributes attrs = AgentAttributes.Parse(Example);
        Assert.Equal("r1", attrs.Find("rack_id")?.Text);
        Assert.Null(attrs.Find("missing"));
    }

    [Fact]
    public void Range_attribute_names_are_not_read_as_resource_reservations()
    {
        // Attribute names are free text: "(1)" is part of the name, not a role.
        AgentAttributes attrs = AgentAttributes.Parse("rack(1):[1-2]");
        Assert.Equal("rack(1)", attrs[0].Name);
        Assert.Equal([new ValueRange(1, 2)], attrs[0].Ranges);
        Assert.Equal("rack(1):[1-2]", attrs.ToString());
    }

    [Theory]
    // The second of two equal names is the culprit.
    [InlineData("zone:a;zone:b", "zone:b")]
    // A name without a value.
    [InlineData("rack_id:r1;noval", "noval")]
    // A value without a name.
    [InlineData(":x", ":x")]
    // A name with an empty value.
    [InlineData("a:", "a:")]
    // Ranges follow the resource rules: begin > end.
    [InlineData("ports:[5-1]", "ports:[5-1]")]
    // Overlapping ranges.
    [InlineData("zone:a;ports:[1-5,3-8]", "ports:[1-5,3-8]")]
    // Unterminated range list.
    [InlineData("ports:[1-2", "ports:[1-2")]
    // Unterminated set.
    [InlineData("zones:{a,b", "zones:{a,b")]
    public void Bad_input_names_the_offending_token(string text, string token)
    {
        ResourceFormatException e = Assert.Throws<ResourceFormatException>(() => AgentAttributes.Parse(text));
        Assert.Equal(token, e.Token);
        Assert.Equal(text, e.Text);
        Assert.Contains("'" + token + "'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_rejects_duplicate_names()
    {
        var a = new AgentAttribute { Name = "zone", Type = AttributeType.Text, Text = "a" };
        Assert.Throws<ArgumentException>(() => new AgentAttributes([a, a with { Text = "b" }]));
    }
}

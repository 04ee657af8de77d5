namespace FastMesos.Messages.Tests;

/// <summary>Mesos' resource text form: parsing, printing, and errors that name the offending token.</summary>
public class ResourceParserTests
{
    [Theory]
    // The canonical agent flag prints back unchanged.
    [InlineData("cpus:4;mem:8192;disk:100000;ports:[31000-32000]", "cpus:4;mem:8192;disk:100000;ports:[31000-32000]")]
    // Static reservation keeps its role in parentheses.
    [InlineData("cpus(web):2", "cpus(web):2")]
    // Dynamic reservation keeps role and principal.
    [InlineData("cpus(web,principal):2", "cpus(web,principal):2")]
    // Hierarchical roles are fine inside the parentheses.
    [InlineData("cpus(eng/frontend):0.5", "cpus(eng/frontend):0.5")]
    // Sets print sorted, separated by ", " as Mesos does.
    [InlineData("disks:{a,b}", "disks:{a, b}")]
    [InlineData("disks:{b, a}", "disks:{a, b}")]
    // Several ranges print separated by ", ", sorted.
    [InlineData("ports:[31000-31010, 1-2]", "ports:[1-2, 31000-31010]")]
    // Adjacent ranges merge into one.
    [InlineData("ports:[1-5,6-8]", "ports:[1-8]")]
    // A single-value range.
    [InlineData("ports:[7-7]", "ports:[7-7]")]
    // Fractions print with at most three decimals.
    [InlineData("cpus:0.125;mem:0.1", "cpus:0.125;mem:0.1")]
    // Whitespace and empty tokens are ignored.
    [InlineData(" cpus : 4 ;; mem:1 ; ", "cpus:4;mem:1")]
    // Repeats of the same kind add up, in first-seen order.
    [InlineData("cpus:4;mem:1;cpus:2", "cpus:6;mem:1")]
    // Role * is simply unreserved.
    [InlineData("cpus(*):2", "cpus:2")]
    // An unreserved and a reserved pool stay apart.
    [InlineData("cpus:1;cpus(web):2", "cpus:1;cpus(web):2")]
    // A dynamic reservation without a principal.
    [InlineData("cpus(web,):2", "cpus(web,):2")]
    // Zero quantities and empty sets/ranges disappear.
    [InlineData("cpus:0;disks:{};ports:[];mem:1", "mem:1")]
    // Nothing at all.
    [InlineData("", "")]
    public void Parse_then_print(string text, string printed) =>
        Assert.Equal(printed, Resources.Parse(text).ToString());

    [Theory]
    [InlineData("cpus:4;mem:8192;disk:100000;ports:[31000-32000]")]
    [InlineData("cpus(web):2;cpus(web,principal):2;cpus:1")]
    [InlineData("disks:{a,b};ports:[1-2,4-9]")]
    [InlineData("cpus(eng/frontend,ops):0.001;gpus:1")]
    [InlineData("cpus(web,):3")]
    // A principal on an unreserved resource has nowhere to print; it must not survive parsing.
    [InlineData("cpus(*,ops):2;cpus:1")]
    public void Parse_print_parse_gives_an_equal_bag(string text)
    {
        Resources once = Resources.Parse(text);
        Resources twice = Resources.Parse(once.ToString());
        Assert.Equal(once, twice);
        Assert.Equal(once.ToString(), twice.ToString());
    }

    [Fact]
    public void Parse_reads_reservations()
    {
        Resources r = Resources.Parse("cpus:1;cpus(web):2;cpus(web,alice):3");
        Assert.Equal(3, r.Count);

        Assert.Equal(RoleName.Any, r[0].Role);
        Assert.Equal(ReservationType.None, r[0].Reservation);
        Assert.False(r[0].IsReserved);

        Assert.Equal("web", r[1].Role);
        Assert.Equal(ReservationType.Static, r[1].Reservation);
        Assert.Null(r[1].Principal);

        Assert.Equal("web", r[2].Role);
        Assert.Equal(ReservationType.Dynamic, r[2].Reservation);
        Assert.Equal("alice", r[2].Principal);

        // Scalar(name) sums every role.
        Assert.Equal(6000, r.Scalar("cpus").Milli);
        Assert.Equal(6.0, r.Cpus);
    }

    [Fact]
    public void Unreserved_with_principal_is_plain_unreserved()
    {
        // cpus(*,ops) has no reservation to carry a principal: it must pool with plain cpus.
        Resources r = Resources.Parse("cpus:1;cpus(*,ops):2");
        Assert.Single(r);
        Assert.Null(r[0].Principal);
        Assert.True(r.Contains(Resources.Parse("cpus:3")));
    }

    [Fact]
    public void Parse_reads_types_and_values()
    {
        Resources r = Resources.Parse("mem:8192;ports:[31000-32000];disks:{b,a}");
        Assert.Equal(ResourceType.Scalar, r[0].Type);
        Assert.Equal(8192.0, r.Mem);
        Assert.Equal(ResourceType.Ranges, r[1].Type);
        Assert.Equal([new ValueRange(31000, 32000)], r.Ranges("ports"));
        Assert.Equal(1001UL, r.Ranges("ports")[0].Count);
        Assert.Equal(ResourceType.Set, r[2].Type);
        Assert.Equal(["a", "b"], r[2].Set);
    }

    [Theory]
    // Negative scalar.
    [InlineData("cpus:-1", "cpus:-1")]
    // Not a number.
    [InlineData("cpus:abc", "cpus:abc")]
    // NaN parses as a double but is not a quantity.
    [InlineData("cpus:NaN", "cpus:NaN")]
    // Nor is infinity.
    [InlineData("mem:Infinity", "mem:Infinity")]
    // Range with begin > end.
    [InlineData("ports:[5-1]", "ports:[5-1]")]
    // Overlapping ranges in one list.
    [InlineData("ports:[1-5,3-8]", "ports:[1-5,3-8]")]
    // Unterminated range list.
    [InlineData("ports:[1-5", "ports:[1-5")]
    // No colon at all.
    [InlineData("cpus", "cpus")]
    // No name.
    [InlineData(":4", ":4")]
    // Unbalanced parenthesis.
    [InlineData("cpus(:2", "cpus(:2")]
    // Whitespace in a role.
    [InlineData("cpus(a b):2", "cpus(a b):2")]
    // '..' is not a role.
    [InlineData("cpus(..):2", "cpus(..):2")]
    // The same name as RANGES then SCALAR: the second token is the culprit.
    [InlineData("ports:[1-2];ports:7", "ports:7")]
    // The bad token is found in the middle of a longer flag.
    [InlineData("cpus:4;mem:-1;disk:5", "mem:-1")]
    // Missing value.
    [InlineData("cpus:", "cpus:")]
    // Empty parentheses are an empty role.
    [InlineData("cpus():2", "cpus():2")]
    // No name before the reservation.
    [InlineData("(web):2", "(web):2")]
    // Text after the closing parenthesis.
    [InlineData("cpus(web)x:2", "cpus(web)x:2")]
    // Ranges of non-integers.
    [InlineData("ports:[a-b]", "ports:[a-b]")]
    // Negative range bounds.
    [InlineData("ports:[-1-5]", "ports:[-1-5]")]
    // Unterminated set.
    [InlineData("disks:{a,b", "disks:{a,b")]
    // Duplicate set item.
    [InlineData("disks:{a,a}", "disks:{a,a}")]
    // Empty set item between commas.
    [InlineData("disks:{a,,b}", "disks:{a,,b}")]
    // Above the 1e12 cap.
    [InlineData("mem:1e13", "mem:1e13")]
    public void Bad_input_names_the_offending_token(string text, string token)
    {
        ResourceFormatException e = Assert.Throws<ResourceFormatException>(() => Resources.Parse(text));
        Assert.Equal(token, e.Token);
        Assert.Equal(text, e.Text);
        Assert.Contains("'" + token + "'", e.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(e.Reason));

        Assert.False(Resources.TryParse(text, out Resources r, out string? error));
        Assert.Same(Resources.Empty, r);
        Assert.Equal(e.Message, error);
    }

    [Fact]
    public void TryParse_succeeds_on_good_input()
    {
        Assert.True(Resources.TryParse("cpus:2;mem:3", out Resources r, out string? error));
        Assert.Null(error);
        Assert.Equal(2.0, r.Cpus);
    }
}

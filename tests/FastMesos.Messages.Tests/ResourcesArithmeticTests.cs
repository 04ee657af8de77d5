namespace FastMesos.Messages.Tests;

/// <summary>Mesos' resource arithmetic: +, -, Contains, and the role filters.</summary>
public class ResourcesArithmeticTests
{
    private static Resources P(string text) => Resources.Parse(text);

    [Theory]
    // Scalars of the same kind add.
    [InlineData("cpus:1;mem:10", "cpus:2", "cpus:3;mem:10")]
    // Fixed point: 0.1 + 0.2 is exactly 0.3.
    [InlineData("cpus:0.1", "cpus:0.2", "cpus:0.3")]
    // Adjacent ranges union into one.
    [InlineData("ports:[1-5]", "ports:[6-10]", "ports:[1-10]")]
    // Overlapping ranges union.
    [InlineData("ports:[1-5]", "ports:[3-8]", "ports:[1-8]")]
    // Distant ranges stay apart, sorted.
    [InlineData("ports:[10-12]", "ports:[1-5]", "ports:[1-5, 10-12]")]
    // Sets union without duplicates.
    [InlineData("disks:{a,b}", "disks:{b,c}", "disks:{a, b, c}")]
    // Different names are separate entries.
    [InlineData("cpus:1", "mem:2", "cpus:1;mem:2")]
    // Unreserved and reserved are separate pools.
    [InlineData("cpus:1", "cpus(web):1", "cpus:1;cpus(web):1")]
    // Static and dynamic reservations for one role are separate pools.
    [InlineData("cpus(web):1", "cpus(web,p):1", "cpus(web):1;cpus(web,p):1")]
    // Dynamic reservations by different principals are separate pools.
    [InlineData("cpus(web,p1):1", "cpus(web,p2):1", "cpus(web,p1):1;cpus(web,p2):1")]
    // Same role, same principal: one pool.
    [InlineData("cpus(web,p1):1", "cpus(web,p1):2", "cpus(web,p1):3")]
    // Adding nothing.
    [InlineData("cpus:1", "", "cpus:1")]
    [InlineData("", "cpus:1", "cpus:1")]
    public void Plus_merges_same_kind_entries(string a, string b, string sum)
    {
        Resources result = P(a) + P(b);
        Assert.Equal(P(sum), result);
        Assert.Equal(sum, result.ToString());
    }

    [Theory]
    // Scalars subtract.
    [InlineData("cpus:3;mem:10", "cpus:1", "cpus:2;mem:10")]
    // Exactly, in fixed point.
    [InlineData("cpus:0.3", "cpus:0.1", "cpus:0.2")]
    // A scalar that reaches zero is dropped.
    [InlineData("cpus:1;mem:10", "cpus:1", "mem:10")]
    // Ranges subtract, splitting a range in two.
    [InlineData("ports:[1-10]", "ports:[3-4]", "ports:[1-2, 5-10]")]
    // Trimming both ends.
    [InlineData("ports:[1-10]", "ports:[1-2,9-10]", "ports:[3-8]")]
    // All the ranges gone: the entry is dropped.
    [InlineData("ports:[1-10];cpus:1", "ports:[1-10]", "cpus:1")]
    // Sets subtract.
    [InlineData("disks:{a,b,c}", "disks:{b}", "disks:{a, c}")]
    // The whole set gone: the entry is dropped.
    [InlineData("disks:{a,b};cpus:1", "disks:{a,b}", "cpus:1")]
    // Subtracting a reserved pool leaves the unreserved one alone.
    [InlineData("cpus:1;cpus(web):2", "cpus(web):2", "cpus:1")]
    // Subtracting nothing.
    [InlineData("cpus:1", "", "cpus:1")]
    // Everything minus everything.
    [InlineData("cpus:1;ports:[1-2];disks:{a}", "disks:{a};cpus:1;ports:[1-2]", "")]
    public void Minus_subtracts_and_drops_empty_entries(string a, string b, string difference)
    {
        Resources result = P(a) - P(b);
        Assert.Equal(P(difference), result);
        Assert.Equal(difference, result.ToString());
        foreach (Resource r in result)
            Assert.False(r.IsEmpty);
    }

    [Theory]
    // More than there is.
    [InlineData("cpus:1", "cpus:2")]
    // A name that is not there.
    [InlineData("cpus:1", "mem:1")]
    // A range that sticks out.
    [InlineData("ports:[1-5]", "ports:[5-6]")]
    // A set item that is not there.
    [InlineData("disks:{a}", "disks:{b}")]
    // Reserved cpus are not taken from unreserved ones...
    [InlineData("cpus:2", "cpus(web):1")]
    // ...nor unreserved from reserved.
    [InlineData("cpus(web):2", "cpus:1")]
    // Nor one principal's reservation from another's.
    [InlineData("cpus(web,p1):2", "cpus(web,p2):1")]
    // Anything from nothing.
    [InlineData("", "cpus:0.001")]
    public void Minus_of_something_not_contained_throws(string a, string b) =>
        Assert.Throws<InvalidOperationException>(() => P(a) - P(b));

    [Theory]
    // Less of a scalar.
    [InlineData("cpus:2;mem:10", "cpus:1", true)]
    // Exactly equal.
    [InlineData("cpus:2", "cpus:2", true)]
    // One milli too many.
    [InlineData("cpus:2", "cpus:2.001", false)]
    // A name that is absent.
    [InlineData("cpus:2", "mem:1", false)]
    // A sub-range.
    [InlineData("ports:[1-10]", "ports:[2-3,5-9]", true)]
    // Whole range.
    [InlineData("ports:[1-10]", "ports:[1-10]", true)]
    // A range across a gap is not contained.
    [InlineData("ports:[1-5,7-10]", "ports:[4-8]", false)]
    // Past the end.
    [InlineData("ports:[1-10]", "ports:[10-11]", false)]
    // Several ranges each inside a different outer range.
    [InlineData("ports:[1-5,7-10]", "ports:[1-1,8-9]", true)]
    // A subset.
    [InlineData("disks:{a,b,c}", "disks:{a,c}", true)]
    // Not a subset.
    [InlineData("disks:{a,b}", "disks:{a,d}", false)]
    // Reserved cpus are not contained in unreserved cpus, even when the amount fits.
    [InlineData("cpus:4", "cpus(web):1", false)]
    // Unreserved cpus are not contained in reserved cpus.
    [InlineData("cpus(web):4", "cpus:1", false)]
    // Static and dynamic reservations for the same role are different pools.
    [InlineData("cpus(web):4", "cpus(web,p):1", false)]
    // Mixed bag, each part fits in its own pool.
    [InlineData("cpus:1;cpus(web):2;ports:[1-9];disks:{a}", "cpus(web):2;cpus:1;ports:[3-4]", true)]
    // The total fits but the unreserved pool alone does not.
    [InlineData("cpus:1;cpus(web):2", "cpus:2", false)]
    // Everything contains nothing.
    [InlineData("", "", true)]
    [InlineData("cpus:1", "", true)]
    public void Contains_compares_each_pool(string outer, string inner, bool contains) =>
        Assert.Equal(contains, P(outer).Contains(P(inner)));

    [Fact]
    public void AllocatableTo_includes_unreserved_own_role_and_ancestors()
    {
        Resources all = P("cpus:1;cpus(a):2;cpus(a/b):4;cpus(b):8;cpus(a/c):16;cpus(a/b/c):32;cpus(ab):64;mem(a,ops):1");
        Resources usable = all.AllocatableTo("a/b");

        // *, a and a/b (unreserved, parent, own role), plus the dynamic mem reserved for a.
        Assert.Equal(P("cpus:1;cpus(a):2;cpus(a/b):4;mem(a,ops):1"), usable);
        Assert.Equal(7000, usable.Scalar("cpus").Milli);
        // A sibling, an unrelated role, a child and a mere name prefix are not usable.
        Assert.Empty(usable.ReservedFor("b"));
        Assert.Empty(usable.ReservedFor("a/c"));
        Assert.Empty(usable.ReservedFor("a/b/c"));
        Assert.Empty(usable.ReservedFor("ab"));
    }

    [Fact]
    public void Role_filters()
    {
        Resources all = P("cpus:1;cpus(web):2;mem(web,ops):3;cpus(db):4");
        Assert.Equal(P("cpus:1"), all.Unreserved());
        Assert.Equal(P("cpus(web):2;mem(web,ops):3;cpus(db):4"), all.Reserved());
        Assert.Equal(P("cpus(web):2;mem(web,ops):3"), all.ReservedFor("web"));
        // A framework with no role sees only unreserved resources.
        Assert.Equal(P("cpus:1"), all.AllocatableTo(RoleName.Any));
    }

    [Fact]
    public void Reserve_and_unreserve_a_resource()
    {
        Resource cpus = P("cpus:2")[0];
        Resource reserved = cpus.ReservedFor("web", "ops");
        Assert.Equal(ReservationType.Dynamic, reserved.Reservation);
        Assert.Equal("cpus(web,ops):2", reserved.ToString());
        Assert.Equal(cpus, reserved.Unreserved());

        // Reserving for * is no reservation, and keeps no principal.
        Resource star = cpus.ReservedFor(RoleName.Any, "ops");
        Assert.False(star.IsReserved);
        Assert.Null(star.Principal);
        Assert.Equal(cpus, star);
    }

    [Fact]
    public void Principal_is_kept_only_on_dynamic_reservations()
    {
        // A static reservation prints no principal, so it must not carry one either.
        Resource s = Resource.CreateScalar("cpus", new Scalar(1000), "web", ReservationType.Static, "ops");
        Assert.Null(s.Principal);
        Assert.Equal(P("cpus(web):1"), Resources.From(s));

        // Role * turns any reservation into none.
        Resource u = Resource.CreateScalar("cpus", new Scalar(1000), RoleName.Any, ReservationType.Dynamic, "ops");
        Assert.Equal(ReservationType.None, u.Reservation);
        Assert.Null(u.Principal);
        Assert.Equal(P("cpus:1"), Resources.From(u));

        // An empty principal prints like none, so it is none.
        Resource e = Resource.CreateScalar("cpus", new Scalar(1000), "web", ReservationType.Dynamic, "");
        Assert.Null(e.Principal);
        Assert.Equal(P("cpus(web,):1"), Resources.From(e));
    }

    [Fact]
    public void Where_returns_the_same_instance_when_it_keeps_all_and_Empty_when_it_keeps_none()
    {
        Resources unreserved = P("cpus:4;mem:1024;ports:[31000-31005]");
        Resources mixed = P("cpus:4;cpus(web):2;mem:1024;mem(web):512");

        Assert.Same(unreserved, unreserved.Unreserved());
        Assert.Same(Resources.Empty, unreserved.Reserved());
        Assert.Same(Resources.Empty, Resources.Empty.Where(static _ => true));
        // Some kept: a new instance, in the original order.
        Assert.Equal(P("cpus:4;mem:1024"), mixed.Unreserved());
        Assert.Equal(P("cpus(web):2;mem(web):512"), mixed.Reserved());
        Assert.Equal(["cpus", "mem"], mixed.Reserved().Select(static r => r.Name));
    }

    [Fact]
    public void FromDistinct_refuses_an_empty_entry()
    {
        var e = Assert.Throws<ArgumentException>(() => Resources.FromDistinct([Resource.CreateScalar("mem", 1), Resource.CreateScalar("cpus", 0)]));
        Assert.Contains("entry 1 is null or empty", e.Message, StringComparison.Ordinal);
        Assert.Same(Resources.Empty, Resources.FromDistinct([]));
    }
}

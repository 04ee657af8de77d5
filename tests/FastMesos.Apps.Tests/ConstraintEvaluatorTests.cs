using FastMesos.Apps.Matching;
using FastMesos.Messages;

namespace FastMesos.Apps.Tests;

public sealed class ConstraintEvaluatorTests
{
    // Nine agents, three per rack, offered round-robin until a full round places nothing.
    private static readonly Offer[] Racks = BuildRacks();

    private static Offer[] BuildRacks()
    {
        var offers = new Offer[9];
        for (int i = 0; i < 9; i++)
            offers[i] = MatchingFixtures.Offer("h" + i, attributes: $"rack_id:rack-{i % 3 + 1};level:0.8");
        return offers;
    }

    /// <summary>Places up to <paramref name="instances"/>; returns the count per rack (index 0 = rack-1).</summary>
    private static int[] PlaceRoundRobin(CompiledConstraint constraint, int instances, out int placedTotal, int maxPerOffer = 5)
    {
        LaunchRequirements req = new()
        {
            Cpus = Scalar.FromDouble(0.1),
            Mem = Scalar.FromDouble(32),
            Constraints = [constraint],
            MaxInstancesPerOffer = maxPerOffer,
        };
        var placed = new PlacedValues(req.Constraints);
        var matcher = new OfferMatcher();
        var perRack = new int[3];
        placedTotal = 0;
        for (int round = 0; round < 20 && placedTotal < instances; round++)
        {
            int before = placedTotal;
            for (int i = 0; i < Racks.Length && placedTotal < instances; i++)
            {
                OfferMatch m = matcher.Match(Racks[i], req, placed, instances - placedTotal);
                for (int k = 0; k < m.Count; k++)
                {
                    placed.Add(Racks[i]);
                    perRack[i % 3]++;
                    placedTotal++;
                }
            }
            if (placedTotal == before)
                break;
        }
        return perRack;
    }

    [Fact]
    public void Scenario_27_group_by_3_spreads_6_instances_two_per_rack()
    {
        int[] perRack = PlaceRoundRobin(MatchingFixtures.Constraint("rack_id", "GROUP_BY", "3"), 6, out int total);
        Assert.Equal(6, total);
        Assert.Equal([2, 2, 2], perRack);
    }

    [Fact]
    public void Scenario_27_cluster_rack_1_puts_everything_on_rack_1()
    {
        int[] perRack = PlaceRoundRobin(MatchingFixtures.Constraint("rack_id", "CLUSTER", "rack-1"), 6, out int total);
        Assert.Equal(6, total);
        Assert.Equal([6, 0, 0], perRack);
    }

    [Fact]
    public void Scenario_27_max_per_2_over_3_racks_places_6_of_7()
    {
        int[] perRack = PlaceRoundRobin(MatchingFixtures.Constraint("rack_id", "MAX_PER", "2"), 7, out int total);
        Assert.Equal(6, total);
        Assert.Equal([2, 2, 2], perRack);
    }

    [Fact]
    public void Scenario_25_unique_hostname_places_one_per_agent_and_rejects_the_rest()
    {
        LaunchRequirements req = MatchingFixtures.Small(0, MatchingFixtures.Constraint("hostname", "UNIQUE"));
        var placed = new PlacedValues(req.Constraints);
        var matcher = new OfferMatcher();
        Offer[] agents = [MatchingFixtures.Offer("a"), MatchingFixtures.Offer("b"), MatchingFixtures.Offer("c")];
        int total = 0;
        foreach (Offer o in agents)
        {
            OfferMatch m = matcher.Match(o, req, placed, 4 - total);
            Assert.Equal(1, m.Count); // never two on one agent, even with room for five
            placed.Add(o);
            total++;
        }
        foreach (Offer o in agents)
            Assert.Equal(NoMatchReason.UnfulfilledConstraint, matcher.Match(o, req, placed, 1).Reason);
        Assert.True(placed.Remove("b", AgentAttributes.Empty));
        Assert.Equal(1, matcher.Match(agents[1], req, placed, 1).Count);
    }

    [Fact]
    public void Cluster_without_value_follows_the_first_placed_instance()
    {
        int[] perRack = PlaceRoundRobin(MatchingFixtures.Constraint("rack_id", "CLUSTER"), 6, out int total);
        Assert.Equal(6, total);
        Assert.Equal([6, 0, 0], perRack); // rack-1 was offered first
    }

    [Fact]
    public void Group_by_without_value_spreads_as_offers_come()
    {
        // One instance per offer: every rack is new once, then the smallest group wins.
        int[] perRack = PlaceRoundRobin(MatchingFixtures.Constraint("rack_id", "GROUP_BY"), 6, out int total, maxPerOffer: 1);
        Assert.Equal(6, total);
        Assert.Equal([2, 2, 2], perRack);
        // Five per offer: with N = 0 a single group is "enough groups", so the first offer fills up.
        perRack = PlaceRoundRobin(MatchingFixtures.Constraint("rack_id", "GROUP_BY"), 6, out total);
        Assert.Equal(6, total);
        Assert.Equal([5, 1, 0], perRack);
    }

    [Fact]
    public void Group_by_accepts_new_values_and_the_smallest_group()
    {
        CompiledConstraint c = MatchingFixtures.Constraint("rack_id", "GROUP_BY");
        var placed = new PlacedValues([c]);
        ValueCounter counter = placed.Counter(0);
        Assert.True(ConstraintEvaluator.IsSatisfied(c, counter, true, "rack_1"));
        placed.Add("x", AgentAttributes.Parse("rack_id:rack_1"));
        Assert.True(ConstraintEvaluator.IsSatisfied(c, counter, true, "rack_2")); // a new group
        Assert.True(ConstraintEvaluator.IsSatisfied(c, counter, true, "rack_1")); // N=0: one group suffices
        placed.Add("y", AgentAttributes.Parse("rack_id:rack_2"));
        placed.Add("z", AgentAttributes.Parse("rack_id:rack_1"));
        Assert.False(ConstraintEvaluator.IsSatisfied(c, counter, true, "rack_1")); // 2 > the smallest group (1)
        Assert.True(ConstraintEvaluator.IsSatisfied(c, counter, true, "rack_2"));
        Assert.True(ConstraintEvaluator.IsSatisfied(c, counter, true, "rack_3"));
        Assert.False(ConstraintEvaluator.IsSatisfied(c, counter, true, "rack_2", pending: 2)); // two already on this offer make 3 > 2
    }

    [Theory]
    [InlineData("LIKE", "rack-[1-3]", "rack-2", true)]
    [InlineData("LIKE", "rack-[1-3]", "rack-4", false)]
    [InlineData("LIKE", "rack", "rack-1", false)]      // whole-value match, not a search
    [InlineData("LIKE", ".*", "anything", true)]
    [InlineData("UNLIKE", "rack-1", "rack-1", false)]
    [InlineData("UNLIKE", "rack-1", "rack-10", true)]
    [InlineData("IS", "rack-1", "rack-1", true)]
    [InlineData("IS", "rack-1", "rack-2", false)]
    [InlineData("CLUSTER", "rack-1", "rack-1", true)]
    [InlineData("CLUSTER", "rack-1", "rack-2", false)]
    public void Value_operators_compare_the_formatted_value(string op, string value, string offered, bool expected)
    {
        CompiledConstraint c = MatchingFixtures.Constraint("rack_id", op, value);
        Assert.Equal(expected, ConstraintEvaluator.IsSatisfied(c, new ValueCounter(), true, offered));
    }

    [Theory]
    [InlineData("0.8", true)]
    [InlineData("0.80", true)]
    [InlineData("0.8001", true)]
    [InlineData("0.81", false)]
    public void Is_compares_scalar_attributes_at_three_decimals(string value, bool expected)
    {
        CompiledConstraint c = MatchingFixtures.Constraint("level", "IS", value);
        var values = new FieldValues();
        values.Load("h", AgentAttributes.Parse("level:0.8"), [c]);
        Assert.Equal(expected, ConstraintEvaluator.IsSatisfied(c, new ValueCounter(), values.Has(0), values.Get(0), values.IsScalar(0)));
    }

    [Fact]
    public void Is_on_a_text_attribute_is_exact()
    {
        CompiledConstraint c = MatchingFixtures.Constraint("level", "IS", "0.80");
        Assert.False(ConstraintEvaluator.IsSatisfied(c, new ValueCounter(), true, "0.8", isScalar: false));
    }

    [Theory]
    [InlineData("UNIQUE", null, false)]
    [InlineData("CLUSTER", null, false)]
    [InlineData("CLUSTER", "x", false)]
    [InlineData("GROUP_BY", null, false)]
    [InlineData("GROUP_BY", "2", false)]
    [InlineData("MAX_PER", "5", false)]
    [InlineData("LIKE", ".*", false)]
    [InlineData("IS", "x", false)]
    [InlineData("UNLIKE", "x", true)]
    public void A_missing_attribute_satisfies_only_unlike(string op, string? value, bool expected)
    {
        CompiledConstraint c = value is null
            ? MatchingFixtures.Constraint("absent", op)
            : MatchingFixtures.Constraint("absent", op, value);
        Assert.Equal(expected, ConstraintEvaluator.IsSatisfied(c, new ValueCounter(), false, default));
        // The same through the matcher: an offer without the attribute.
        LaunchRequirements req = MatchingFixtures.Small(0, c);
        OfferMatch m = new OfferMatcher().Match(MatchingFixtures.Offer("h"), req, new PlacedValues(req.Constraints), 1);
        Assert.Equal(expected ? NoMatchReason.None : NoMatchReason.UnfulfilledConstraint, m.Reason);
    }

    [Fact]
    public void Fault_domain_fields_are_missing()
    {
        CompiledConstraint zone = MatchingFixtures.Constraint("@zone", "LIKE", ".*");
        CompiledConstraint region = MatchingFixtures.Constraint("@region", "UNLIKE", "x");
        LaunchRequirements req = MatchingFixtures.Small(0, zone);
        Assert.Equal(NoMatchReason.UnfulfilledConstraint,
            new OfferMatcher().Match(MatchingFixtures.Offer("h"), req, new PlacedValues(req.Constraints), 1).Reason);
        req = MatchingFixtures.Small(0, region);
        Assert.True(new OfferMatcher().Match(MatchingFixtures.Offer("h"), req, new PlacedValues(req.Constraints), 1).IsMatch);
    }

    [Fact]
    public void Regexes_are_compiled_once_per_pattern()
    {
        CompiledConstraint a = MatchingFixtures.Constraint("rack_id", "LIKE", "rack-[1-9]");
        CompiledConstraint b = MatchingFixtures.Constraint("other", "UNLIKE", "rack-[1-9]");
        Assert.Same(a.Regex, b.Regex);
    }

    [Fact]
    public void Removing_an_instance_from_the_wrong_agent_changes_nothing()
    {
        var placed = new PlacedValues([MatchingFixtures.Constraint("rack_id", "MAX_PER", "1")]);
        placed.Add("a", AgentAttributes.Parse("rack_id:r1"));
        Assert.False(placed.Remove("b", AgentAttributes.Parse("rack_id:r2")));
        Assert.Equal(1, placed.Count);
        Assert.Equal(1, placed.Counter(0).CountOf("r1"));
        Assert.True(placed.Remove("a", AgentAttributes.Parse("rack_id:r1")));
        Assert.Equal(0, placed.Counter(0).CountOf("r1"));
        Assert.Equal(0, placed.Counter(0).DistinctValues);
    }
}

using FastMesos.Apps.Matching;
using FastMesos.Messages;

namespace FastMesos.Apps.Tests;

public sealed class OfferMatcherAllocationTests
{
    [Fact]
    public void Matching_allocates_nothing_after_warm_up()
    {
        CompiledConstraint[] constraints =
        [
            MatchingFixtures.Constraint("hostname", "MAX_PER", "100000"),
            MatchingFixtures.Constraint("rack_id", "GROUP_BY", "3"),
            MatchingFixtures.Constraint("rack_id", "LIKE", "rack-[0-9]"),
            MatchingFixtures.Constraint("level", "IS", "0.8"),
            MatchingFixtures.Constraint("zones", "UNLIKE", "x"),
            MatchingFixtures.Constraint("gen", "CLUSTER"),
        ];
        var req = new LaunchRequirements
        {
            Cpus = Scalar.FromDouble(0.1),
            Mem = Scalar.FromDouble(16),
            HostPorts = [0, 0, 31009],
            Role = "web",
            Constraints = constraints,
        };
        var offers = new Offer[6];
        for (int i = 0; i < offers.Length; i++)
        {
            offers[i] = MatchingFixtures.Offer("host-" + i,
                "cpus(web):1;cpus:4;mem:4096;ports:[31000-31009]",
                $"rack_id:rack-{i % 3};level:0.80;zones:{{b,a}};gen:[1-2,4-5]", role: "web");
        }
        var placed = new PlacedValues(constraints);
        foreach (Offer o in offers)
            placed.Add(o); // every value known, so counting never adds a key
        var matcher = new OfferMatcher();
        for (int i = 0; i < 100; i++)
            matcher.Match(offers[i % offers.Length], req, placed, 3);

        int matched = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
            matched += matcher.Match(offers[i % offers.Length], req, placed, 3).Count;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(matched > 0);
        Assert.Equal(0, allocated);
    }
}

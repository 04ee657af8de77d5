using FastMesos.Apps.Matching;
using FastMesos.Messages;

namespace FastMesos.Apps.Tests;

public sealed class OfferMatcherTests
{
    private readonly OfferMatcher _matcher = new();

    private static LaunchRequirements Req(double cpus = 1, double mem = 128, double disk = 0, double gpus = 0,
        ulong[]? ports = null, string role = "*", string[]? accepted = null, int maxPerOffer = 5, params CompiledConstraint[] constraints) => new()
        {
            Cpus = Scalar.FromDouble(cpus),
            Mem = Scalar.FromDouble(mem),
            Disk = Scalar.FromDouble(disk),
            Gpus = Scalar.FromDouble(gpus),
            HostPorts = ports ?? [],
            Role = role,
            AcceptedResourceRoles = accepted,
            MaxInstancesPerOffer = maxPerOffer,
            Constraints = constraints,
        };

    private OfferMatch Match(Offer offer, LaunchRequirements req, int limit = 1, bool maintenance = false) =>
        _matcher.Match(offer, req, req.Constraints.Count == 0 ? null : new PlacedValues(req.Constraints), limit, maintenance);

    [Fact]
    public void One_instance_takes_exactly_what_it_needs()
    {
        OfferMatch m = Match(MatchingFixtures.Offer("h"), Req(cpus: 0.5, mem: 64, disk: 10, ports: [0, 0]));
        Assert.Equal(1, m.Count);
        Assert.Equal(NoMatchReason.None, m.Reason);
        Assert.Equal(Resources.Parse("cpus:0.5;mem:64;disk:10;ports:[31000-31001]"), m.BuildResources(0));
        Assert.Equal(31000UL, m.HostPort(0, 0));
        Assert.Equal(31001UL, m.HostPort(0, 1));
    }

    [Fact]
    public void Several_instances_per_offer_up_to_the_limits_and_the_offer()
    {
        // 4 cpus / 1 cpu each, but at most 3 asked for.
        Assert.Equal(3, Match(MatchingFixtures.Offer("h"), Req(), limit: 3).Count);
        // 4 cpus fit 4 even with 10 asked for; the 5th stops on cpus.
        OfferMatch m = Match(MatchingFixtures.Offer("h"), Req(), limit: 10);
        Assert.Equal(4, m.Count);
        Assert.Equal(NoMatchReason.InsufficientCpus, m.StopReason);
        // --max_instances_per_offer caps it.
        Assert.Equal(2, Match(MatchingFixtures.Offer("h"), Req(cpus: 0.1, maxPerOffer: 2), limit: 10).Count);
        Assert.Equal(0, Match(MatchingFixtures.Offer("h"), Req(), limit: 0).Count);
    }

    [Fact]
    public void Dynamic_ports_are_never_reused_within_one_offer()
    {
        OfferMatch m = Match(MatchingFixtures.Offer("h", "cpus:4;mem:4096;ports:[31000-31002,31005-31007]"), Req(cpus: 0.1, mem: 1, ports: [0, 0]), limit: 5);
        Assert.Equal(3, m.Count); // six ports, two each
        Assert.Equal(NoMatchReason.InsufficientPorts, m.StopReason);
        var seen = new HashSet<ulong>();
        Span<ulong> ports = stackalloc ulong[2];
        for (int k = 0; k < m.Count; k++)
        {
            m.CopyHostPorts(k, ports);
            foreach (ulong p in ports)
                Assert.True(seen.Add(p), $"port {p} assigned twice");
        }
        Assert.Equal(Resources.Parse("cpus:0.1;mem:1;ports:[31006-31007]"), m.BuildResources(2)); // 31002 and 31005 went to the second
    }

    [Fact]
    public void Required_ports_only_when_the_offer_has_them()
    {
        Offer offer = MatchingFixtures.Offer("h", "cpus:4;mem:4096;ports:[31000-31009]");
        OfferMatch m = Match(offer, Req(ports: [31005, 0]), limit: 2);
        Assert.Equal(1, m.Count); // the fixed port exists once per agent
        Assert.Equal(31005UL, m.HostPort(0, 0));
        Assert.Equal(31000UL, m.HostPort(0, 1));
        Assert.Equal(NoMatchReason.InsufficientPorts, m.StopReason);
        Assert.Equal(NoMatchReason.InsufficientPorts, Match(offer, Req(ports: [8080])).Reason);
        // A dynamic port never takes the one the same task fixes.
        m = Match(MatchingFixtures.Offer("h", "cpus:4;mem:4096;ports:[31000-31001]"), Req(ports: [0, 31000]));
        Assert.Equal(31001UL, m.HostPort(0, 0));
        Assert.Equal(31000UL, m.HostPort(0, 1));
    }

    [Fact]
    public void Resources_reserved_for_the_app_role_are_used_first_and_keep_their_reservation()
    {
        Offer offer = MatchingFixtures.Offer("h", "cpus(web):0.5;cpus:4;mem:4096;ports(web):[5000-5000];ports:[31000-31009]", role: "web");
        OfferMatch m = Match(offer, Req(cpus: 1, mem: 64, ports: [0, 0], role: "web"));
        Assert.Equal(Resources.Parse("cpus(web):0.5;cpus:0.5;mem:64;ports(web):[5000-5000];ports:[31000-31000]"), m.BuildResources(0));
    }

    [Fact]
    public void Accepted_resource_roles_limit_the_pools()
    {
        Offer offer = MatchingFixtures.Offer("h", "cpus(web):2;mem(web):256;cpus:4;mem:4096", role: "web");
        // Only reserved: the unreserved 4 cpus are not usable.
        OfferMatch m = Match(offer, Req(cpus: 1, mem: 64, role: "web", accepted: ["web"]), limit: 5);
        Assert.Equal(2, m.Count);
        Assert.Equal(Resources.Parse("cpus(web):1;mem(web):64"), m.BuildResources(1));
        // Only unreserved.
        m = Match(offer, Req(cpus: 1, mem: 64, role: "web", accepted: ["*"]), limit: 5);
        Assert.Equal(4, m.Count);
        Assert.Equal(Resources.Parse("cpus:1;mem:64"), m.BuildResources(0));
        // Only unreserved offered, only reserved accepted: the role is unfulfilled.
        Assert.Equal(NoMatchReason.UnfulfilledRole,
            Match(MatchingFixtures.Offer("h", role: "web"), Req(role: "web", accepted: ["web"])).Reason);
    }

    [Fact]
    public void Resources_reserved_for_another_role_or_offered_to_another_role_are_not_used()
    {
        Assert.Equal(NoMatchReason.UnfulfilledRole,
            Match(MatchingFixtures.Offer("h", "cpus(db):4;mem(db):4096"), Req()).Reason);
        Assert.Equal(NoMatchReason.InsufficientCpus,
            Match(MatchingFixtures.Offer("h", "cpus(db):4;mem:4096"), Req()).Reason);
        Assert.Equal(NoMatchReason.UnfulfilledRole,
            Match(MatchingFixtures.Offer("h", role: "db"), Req(role: "web")).Reason);
        // A reservation for an ancestor role serves the app's role.
        Assert.Equal(1, Match(MatchingFixtures.Offer("h", "cpus(eng):4;mem:4096"), Req(role: "eng/web")).Count);
    }

    [Theory]
    [InlineData("cpus:0.5;mem:64;disk:0;ports:[1-1]", NoMatchReason.InsufficientCpus)]
    [InlineData("cpus:4;mem:64;disk:0;ports:[1-1]", NoMatchReason.InsufficientMemory)]
    [InlineData("cpus:4;mem:4096;disk:0;ports:[1-1]", NoMatchReason.InsufficientDisk)]
    [InlineData("cpus:4;mem:4096;disk:100;ports:[1-1]", NoMatchReason.InsufficientGpus)]
    [InlineData("cpus:4;mem:4096;disk:100;gpus:1;ports:[1-1]", NoMatchReason.InsufficientPorts)]
    [InlineData("cpus:4;mem:4096;disk:100;gpus:1;ports:[1-2]", NoMatchReason.None)]
    public void Each_resource_shortfall_has_its_reason(string resources, NoMatchReason expected)
    {
        OfferMatch m = Match(MatchingFixtures.Offer("h", resources), Req(mem: 128, disk: 50, gpus: 1, ports: [0, 0]));
        Assert.Equal(expected, m.Reason);
    }

    [Fact]
    public void Funnel_order_reports_the_first_failing_check()
    {
        CompiledConstraint rack1 = MatchingFixtures.Constraint("rack_id", "CLUSTER", "rack-1");
        // Fails role, constraint, maintenance, cpus and ports at once: role comes first.
        Offer poor = MatchingFixtures.Offer("h", "cpus(db):0.1;mem(db):1", attributes: "rack_id:rack-2");
        LaunchRequirements req = Req(cpus: 1, ports: [0], constraints: rack1);
        Assert.Equal(NoMatchReason.UnfulfilledRole, Match(poor, req, maintenance: true).Reason);
        // Role fixed: the constraint is next.
        poor = MatchingFixtures.Offer("h", "cpus:0.1;mem:1", attributes: "rack_id:rack-2");
        Assert.Equal(NoMatchReason.UnfulfilledConstraint, Match(poor, req, maintenance: true).Reason);
        // Constraint fixed: maintenance, then cpus, then memory, ...
        poor = MatchingFixtures.Offer("h", "cpus:0.1;mem:1", attributes: "rack_id:rack-1");
        Assert.Equal(NoMatchReason.AgentMaintenance, Match(poor, req, maintenance: true).Reason);
        Assert.Equal(NoMatchReason.InsufficientCpus, Match(poor, req).Reason);
        poor = MatchingFixtures.Offer("h", "cpus:1;mem:1", attributes: "rack_id:rack-1");
        Assert.Equal(NoMatchReason.InsufficientMemory, Match(poor, req).Reason);
        poor = MatchingFixtures.Offer("h", "cpus:1;mem:128;gpus:2", attributes: "rack_id:rack-1");
        Assert.Equal(NoMatchReason.InsufficientPorts, Match(poor, req).Reason);
        // Ports fixed: the app has no GPUs and the agent has some, so it declines the scarce resource.
        poor = MatchingFixtures.Offer("h", "cpus:1;mem:128;gpus:2;ports:[1-1]", attributes: "rack_id:rack-1");
        Assert.Equal(NoMatchReason.DeclinedScarceResources, Match(poor, req).Reason);
        Assert.Equal(1, new OfferMatcher(restrictGpuScheduling: false).Match(poor, req, new PlacedValues(req.Constraints), 1).Count);
    }

    [Fact]
    public void Constraints_are_rechecked_for_each_instance_on_the_same_offer()
    {
        LaunchRequirements req = Req(cpus: 0.1, mem: 1, constraints: MatchingFixtures.Constraint("rack_id", "MAX_PER", "3"));
        var placed = new PlacedValues(req.Constraints);
        Offer offer = MatchingFixtures.Offer("h", attributes: "rack_id:r1");
        placed.Add(offer);
        OfferMatch m = _matcher.Match(offer, req, placed, 5);
        Assert.Equal(2, m.Count);
        Assert.Equal(NoMatchReason.UnfulfilledConstraint, m.StopReason);
        Assert.Equal(1, placed.Count); // the matcher does not record placements itself
    }

    [Fact]
    public void Placed_values_must_match_the_constraints()
    {
        LaunchRequirements req = Req(constraints: MatchingFixtures.Constraint("hostname", "UNIQUE"));
        Assert.Throws<ArgumentException>(() => _matcher.Match(MatchingFixtures.Offer("h"), req, null, 1));
    }

    [Fact]
    public void A_result_instance_out_of_range_throws()
    {
        OfferMatch m = Match(MatchingFixtures.Offer("h", "cpus:0.1"), Req());
        Assert.False(m.IsMatch);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.BuildResources(0));
    }
}

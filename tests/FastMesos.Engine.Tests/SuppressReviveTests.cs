using static FastMesos.Engine.Tests.EngineHarness;

namespace FastMesos.Engine.Tests;

/// <summary>
/// SUPPRESS takes a framework's roles out of the order (no offers, outstanding ones stay);
/// REVIVE puts them back, clears their offer filters and triggers an allocation over all agents.
/// </summary>
public class SuppressReviveTests
{
    [Fact]
    public void Suppressed_framework_gets_no_offers_while_others_do()
    {
        var h = new EngineHarness();
        int fw1 = h.Framework("fw1");
        int fw2 = h.Framework("fw2");
        h.Allocator.Suppress(fw1);
        Assert.True(h.Allocator.IsSuppressed(fw1, "*"));
        h.Agent("agent1", "cpus:4;mem:4096");
        h.Agent("agent2", "cpus:4;mem:4096");

        // fw1 would win every tie (lower slot); suppressed, it is skipped and fw2 gets both agents.
        List<OfferInfo> offers = h.Allocate();
        Assert.Equal(2, offers.Count);
        Assert.All(offers, o => Assert.Equal(fw2, o.Framework));
    }

    [Fact]
    public void Suppress_keeps_outstanding_offers()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        h.Agent("agent1", "cpus:4;mem:4096");
        OfferInfo offer = Assert.Single(h.Allocate());

        h.Allocator.Suppress(fw);
        Assert.True(h.Allocator.IsOutstanding(offer.OfferId));
        Assert.Empty(h.Allocator.PendingRescinds.ToArray());

        // Declined while suppressed: nobody is offered the agent.
        h.Decline(fw, offer, refuseSeconds: 0);
        Assert.Empty(h.Tick());
    }

    [Fact]
    public void Revive_clears_filters_and_offers_again_at_once()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        h.Agent("agent1", "cpus:4;mem:4096");
        h.Agent("agent2", "cpus:2;mem:2048");
        foreach (OfferInfo o in h.Allocate())
            h.Decline(fw, o, refuseSeconds: 3600);
        Assert.Empty(h.Tick());

        // No periodic tick needed: REVIVE is a trigger over all agents, and the filters are gone.
        h.Allocator.Revive(fw);
        Assert.True(h.Allocator.HasPendingAllocation);
        List<OfferInfo> offers = h.Allocate();
        Assert.Equal(2, offers.Count);
        Assert.Contains(offers, o => o.Resources.Equals(R("cpus:4;mem:4096")));
        Assert.Contains(offers, o => o.Resources.Equals(R("cpus:2;mem:2048")));
    }

    [Fact]
    public void Suppress_and_revive_act_on_the_named_roles_only()
    {
        var h = new EngineHarness();
        int fw = h.Allocator.AddFramework("fw1", ["x", "y"], FrameworkCapabilities.MultiRole);
        h.Allocator.Suppress(fw, ["x"]);
        Assert.True(h.Allocator.IsSuppressed(fw, "x"));
        Assert.False(h.Allocator.IsSuppressed(fw, "y"));
        h.Agent("agent1", "cpus:4;mem:4096");

        OfferInfo offer = Assert.Single(h.Allocate());
        Assert.Equal("y", offer.Role);
        h.Decline(fw, offer, refuseSeconds: 3600);

        // Reviving x does not clear y's filter: the agent goes to x.
        h.Allocator.Revive(fw, ["x"]);
        offer = Assert.Single(h.Allocate());
        Assert.Equal("x", offer.Role);
    }

    [Fact]
    public void Revive_of_a_deactivated_framework_does_not_make_it_offerable()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        h.Agent("agent1", "cpus:4;mem:4096");
        h.Allocator.DeactivateFramework(fw);
        h.Allocator.Revive(fw);
        Assert.Empty(h.Allocate());

        h.Allocator.ActivateFramework(fw);
        Assert.Single(h.Allocate());
    }
}

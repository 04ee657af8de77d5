using FastMesos.Messages;
using static FastMesos.Engine.Tests.EngineHarness;

namespace FastMesos.Engine.Tests;

/// <summary>
/// Offer filters (Mesos' RefusedOfferFilter): a DECLINE, or the unused part of an ACCEPT, keeps
/// the refused resources from that framework and role on that agent for max(refuse_seconds,
/// allocation_interval); 0 means no filter, null or negative means 5 s. A filter blocks only
/// offers that are a subset of what was refused.
/// </summary>
public class OfferFilterTests
{
    [Fact]
    public void Decline_with_refuse_blocks_the_framework_on_that_agent_until_the_filter_expires()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        h.Agent("agent1", "cpus:4;mem:4096");
        OfferInfo offer = Assert.Single(h.Allocate());
        h.Decline(fw, offer, refuseSeconds: 10);

        Assert.Empty(h.Tick());
        h.AdvanceSeconds(9.9);
        Assert.Empty(h.Tick());
        h.AdvanceSeconds(0.1);
        offer = Assert.Single(h.Tick());
        Assert.Equal(fw, offer.Framework);
        Assert.Equal(R("cpus:4;mem:4096"), offer.Resources);
    }

    [Fact]
    public void Filtered_agent_goes_to_the_next_framework_and_other_agents_stay_offerable()
    {
        var h = new EngineHarness();
        int fw1 = h.Framework("fw1");
        int fw2 = h.Framework("fw2");
        h.Agent("agent1", "cpus:4;mem:4096");
        OfferInfo offer = Assert.Single(h.Allocate());
        Assert.Equal(fw1, offer.Framework);
        h.Decline(fw1, offer, refuseSeconds: 60);

        // fw1 share 0, fw2 share 0: fw1 comes first but is filtered on agent1, so fw2 gets it.
        offer = Assert.Single(h.Tick());
        Assert.Equal(fw2, offer.Framework);
        h.Decline(fw2, offer, refuseSeconds: 60);

        // A new agent is not covered by the filter: fw1 (lower slot) gets it.
        int agent2 = h.Agent("agent2", "cpus:1;mem:1024");
        offer = Assert.Single(h.Allocate());
        Assert.Equal((fw1, agent2), (offer.Framework, offer.Agent));
    }

    [Fact]
    public void Filter_lasts_at_least_one_allocation_interval()
    {
        var h = new EngineHarness(new AllocatorOptions { AllocationInterval = TimeSpan.FromSeconds(30) });
        int fw = h.Framework("fw1");
        h.Agent("agent1", "cpus:4;mem:4096");
        h.Decline(fw, Assert.Single(h.Allocate()), refuseSeconds: 10);

        // max(10 s, 30 s): still filtered after 10 s and 29 s.
        h.AdvanceSeconds(10);
        Assert.Empty(h.Tick());
        h.AdvanceSeconds(19);
        Assert.Empty(h.Tick());
        h.AdvanceSeconds(1);
        Assert.Single(h.Tick());
    }

    [Fact]
    public void Refuse_zero_installs_no_filter()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        h.Agent("agent1", "cpus:4;mem:4096");
        h.Decline(fw, Assert.Single(h.Allocate()), refuseSeconds: 0);

        // The declined resources are a trigger of their own: the next run offers them again.
        OfferInfo offer = Assert.Single(h.Allocate());
        Assert.Equal(fw, offer.Framework);
        Assert.Equal(R("cpus:4;mem:4096"), offer.Resources);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Missing_negative_or_invalid_refuse_means_the_default_five_seconds(double? refuse)
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        h.Agent("agent1", "cpus:4;mem:4096");
        h.Decline(fw, Assert.Single(h.Allocate()), refuse);

        h.AdvanceSeconds(4.9);
        Assert.Empty(h.Tick());
        h.AdvanceSeconds(0.1);
        Assert.Single(h.Tick());
    }

    [Fact]
    public void Refuse_over_a_year_is_capped_at_365_days()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        h.Agent("agent1", "cpus:4;mem:4096");
        h.Decline(fw, Assert.Single(h.Allocate()), refuseSeconds: 10 * 365 * 86400.0);

        h.Advance(TimeSpan.FromDays(365) - TimeSpan.FromSeconds(1));
        Assert.Empty(h.Tick());
        h.AdvanceSeconds(1);
        Assert.Single(h.Tick());
    }

    [Fact]
    public void Accept_leftover_is_filtered_with_the_accept_refuse_and_more_free_resources_lift_the_filter()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        h.Agent("agent1", "cpus:4;mem:4096");
        OfferInfo offer = Assert.Single(h.Allocate());

        // The leftover <2 CPU, 2 GB> is refused for 60 s.
        AcceptResult r = h.LaunchWithRefuse(fw, offer, 60, ("t1", "cpus:2;mem:2048"));
        Assert.True(r.Tasks[0].Launched);
        Assert.Empty(h.Tick());
        h.AdvanceSeconds(30);
        Assert.Empty(h.Tick());

        // The task finishes: the agent now has <4 CPU, 4 GB>, not a subset of what was refused, so
        // fw1 is offered again 30 s before the filter would expire.
        Assert.True(h.UpdateTaskState(fw, "t1", TaskState.Finished));
        offer = Assert.Single(h.Allocate());
        Assert.Equal(fw, offer.Framework);
        Assert.Equal(R("cpus:4;mem:4096"), offer.Resources);
    }

    [Fact]
    public void Filter_still_blocks_a_smaller_subset_of_the_refused_resources()
    {
        var h = new EngineHarness();
        int fw1 = h.Framework("fw1");
        int fw2 = h.Framework("fw2");
        h.Agent("agent1", "cpus:4;mem:4096");
        OfferInfo offer = Assert.Single(h.Allocate());
        h.Decline(fw1, offer, refuseSeconds: 60);

        // fw2 takes part of the agent; what is left is a subset of fw1's refusal and stays with fw2.
        offer = Assert.Single(h.Tick());
        Assert.Equal(fw2, offer.Framework);
        h.Launch(fw2, offer, ("t1", "cpus:1;mem:1024"));
        offer = Assert.Single(h.Tick());
        Assert.Equal(fw2, offer.Framework);
        Assert.Equal(R("cpus:3;mem:3072"), offer.Resources);
        h.Decline(fw2, offer, refuseSeconds: 60);

        // Both filtered: nothing is offered until the filters expire.
        h.AdvanceSeconds(59);
        Assert.Empty(h.Tick());
        h.AdvanceSeconds(1);
        offer = Assert.Single(h.Tick());
        Assert.Equal(R("cpus:3;mem:3072"), offer.Resources);
    }

    [Fact]
    public void Filter_is_per_role_for_a_multi_role_framework()
    {
        var h = new EngineHarness();
        int fw = h.Allocator.AddFramework("fw1", ["x", "y"], FrameworkCapabilities.MultiRole);
        h.Agent("agent1", "cpus:4;mem:4096");
        OfferInfo offer = Assert.Single(h.Allocate());
        Assert.Equal("x", offer.Role);
        h.Decline(fw, offer, refuseSeconds: 60);

        // The filter is on (fw1, x, agent1): fw1 is still offered the agent for role y.
        offer = Assert.Single(h.Tick());
        Assert.Equal((fw, "y"), (offer.Framework, offer.Role));
    }

    [Fact]
    public void Deactivating_a_framework_drops_its_filters()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        h.Agent("agent1", "cpus:4;mem:4096");
        h.Decline(fw, Assert.Single(h.Allocate()), refuseSeconds: 3600);
        Assert.Empty(h.Tick());

        // The scheduler disconnects and comes back: like Mesos, the allocator forgot its filters.
        h.Allocator.DeactivateFramework(fw);
        h.Allocator.ActivateFramework(fw);
        OfferInfo offer = Assert.Single(h.Allocate());
        Assert.Equal((fw, R("cpus:4;mem:4096")), (offer.Framework, offer.Resources));
    }
}

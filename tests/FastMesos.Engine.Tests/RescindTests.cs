using static FastMesos.Engine.Tests.EngineHarness;

namespace FastMesos.Engine.Tests;

/// <summary>
/// The engine takes offers back when their agent or framework goes away or is deactivated, when
/// the agent's resources change, and after <c>--offer_timeout</c>. Rescinded resources return to
/// the agent without a filter, and every rescind is reported once in <see cref="Allocator.PendingRescinds"/>.
/// </summary>
public class RescindTests
{
    [Fact]
    public void Removing_an_agent_rescinds_its_offers_and_leaves_the_books_balanced()
    {
        var h = new EngineHarness();
        int fw1 = h.Framework("fw1");
        int fw2 = h.Framework("fw2");
        int agent1 = h.Agent("agent1", "cpus:4;mem:4096");
        h.Agent("agent2", "cpus:4;mem:4096");
        List<OfferInfo> offers = h.Allocate();
        Assert.Equal(2, offers.Count);
        OfferInfo onAgent1 = Assert.Single(offers, o => o.Agent == agent1);

        h.Allocator.RemoveAgent(agent1);
        h.AssertConsistent();
        RescindEvent rescind = Assert.Single(h.Allocator.PendingRescinds.ToArray());
        Assert.Equal(new RescindEvent(onAgent1.OfferId, onAgent1.Framework, agent1, RescindReason.AgentRemoved), rescind);
        Assert.False(h.Allocator.IsOutstanding(onAgent1.OfferId));
        Assert.Equal(1, h.Allocator.OutstandingOffers);
        Assert.Equal(0, h.Allocator.FrameworkAllocated(onAgent1.Framework, "*", "cpus"));
        Assert.Equal(4, h.Allocator.FrameworkAllocated(fw1, "*", "cpus") + h.Allocator.FrameworkAllocated(fw2, "*", "cpus"));

        h.Allocator.ClearRescinds();
        Assert.Empty(h.Allocator.PendingRescinds.ToArray());
    }

    [Fact]
    public void Removing_an_agent_drops_its_tasks_from_the_ledger()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        int agent = h.Agent("agent1", "cpus:4;mem:4096");
        h.Launch(fw, Assert.Single(h.Allocate()), ("t1", "cpus:1;mem:1024"));

        h.Allocator.RemoveAgent(agent);
        h.AssertConsistent();
        Assert.Equal(0, h.Allocator.TaskCount);
        Assert.Equal(0, h.Allocator.FrameworkAllocated(fw, "*", "cpus"));
        Assert.False(h.UpdateTaskState(fw, "t1", Messages.TaskState.Finished));
        Assert.Empty(h.Tick());
    }

    [Fact]
    public void Deactivating_an_agent_rescinds_and_activating_it_offers_again()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        int agent = h.Agent("agent1", "cpus:4;mem:4096");
        OfferInfo offer = Assert.Single(h.Allocate());

        h.Allocator.DeactivateAgent(agent);
        h.AssertConsistent();
        Assert.Equal(RescindReason.AgentDeactivated, Assert.Single(h.Allocator.PendingRescinds.ToArray()).Reason);
        Assert.False(h.Allocator.IsOutstanding(offer.OfferId));
        Assert.Empty(h.Tick());

        h.Allocator.ActivateAgent(agent);
        offer = Assert.Single(h.Allocate());
        Assert.Equal((fw, R("cpus:4;mem:4096")), (offer.Framework, offer.Resources));
    }

    [Fact]
    public void Deactivating_a_framework_rescinds_its_offers_and_they_go_to_others()
    {
        var h = new EngineHarness();
        int fw1 = h.Framework("fw1");
        int fw2 = h.Framework("fw2");
        h.Agent("agent1", "cpus:4;mem:4096");
        OfferInfo offer = Assert.Single(h.Allocate());
        Assert.Equal(fw1, offer.Framework);

        h.Allocator.DeactivateFramework(fw1);
        h.AssertConsistent();
        Assert.Equal(new RescindEvent(offer.OfferId, fw1, offer.Agent, RescindReason.FrameworkDeactivated), Assert.Single(h.Allocator.PendingRescinds.ToArray()));

        // The rescinded resources come back unfiltered and are a trigger: fw2 gets them.
        offer = Assert.Single(h.Allocate());
        Assert.Equal(fw2, offer.Framework);
    }

    [Fact]
    public void Removing_a_framework_rescinds_its_offers_and_returns_its_tasks_resources()
    {
        var h = new EngineHarness();
        int fw1 = h.Framework("fw1");
        int fw2 = h.Framework("fw2");
        h.Agent("agent1", "cpus:4;mem:4096");
        OfferInfo offer = Assert.Single(h.Allocate());
        h.Launch(fw1, offer, ("t1", "cpus:1;mem:1024"));
        offer = Assert.Single(h.Allocate());
        Assert.Equal(fw2, offer.Framework);
        h.Decline(fw2, offer, 0);
        offer = Assert.Single(h.Allocate());
        Assert.Equal(fw2, offer.Framework);

        h.Allocator.RemoveFramework(fw2);
        h.AssertConsistent();
        Assert.Equal(RescindReason.FrameworkRemoved, Assert.Single(h.Allocator.PendingRescinds.ToArray()).Reason);
        h.Allocator.RemoveFramework(fw1);
        h.AssertConsistent();
        Assert.Equal(0, h.Allocator.TaskCount);
        Assert.Equal(0, h.Allocator.FrameworkCount);
        Assert.Equal(R("cpus:4;mem:4096"), h.Allocator.FreeResources(offer.Agent));
    }

    [Fact]
    public void Offer_timeout_rescinds_unanswered_offers_after_the_timeout()
    {
        var h = new EngineHarness(new AllocatorOptions { OfferTimeout = TimeSpan.FromSeconds(30) });
        int fw = h.Framework("fw1");
        h.Agent("agent1", "cpus:4;mem:4096");
        OfferInfo first = Assert.Single(h.Allocate());

        h.AdvanceSeconds(29);
        Assert.Empty(h.Tick());
        Assert.Empty(h.Allocator.PendingRescinds.ToArray());
        Assert.True(h.Allocator.IsOutstanding(first.OfferId));

        // At 30 s the run rescinds the offer; its resources come back unfiltered and the same run
        // offers them anew.
        h.AdvanceSeconds(1);
        OfferInfo second = Assert.Single(h.Tick());
        Assert.Equal(new RescindEvent(first.OfferId, fw, first.Agent, RescindReason.Timeout), Assert.Single(h.Allocator.PendingRescinds.ToArray()));
        Assert.False(h.Allocator.IsOutstanding(first.OfferId));
        Assert.NotEqual(first.OfferId, second.OfferId);
        Assert.Equal(first.Resources, second.Resources);

        // Answered offers never time out.
        h.Allocator.ClearRescinds();
        h.Decline(fw, second, 0);
        h.AdvanceSeconds(60);
        OfferInfo third = Assert.Single(h.Tick());
        Assert.Empty(h.Allocator.PendingRescinds.ToArray());
        Assert.True(h.Allocator.IsOutstanding(third.OfferId));
    }

    [Fact]
    public void Offers_never_time_out_by_default()
    {
        var h = new EngineHarness();
        h.Framework("fw1");
        h.Agent("agent1", "cpus:4;mem:4096");
        OfferInfo offer = Assert.Single(h.Allocate());
        h.Advance(TimeSpan.FromDays(30));
        Assert.Empty(h.Tick());
        Assert.True(h.Allocator.IsOutstanding(offer.OfferId));
    }

    [Fact]
    public void Operator_rescind_returns_the_resources_without_a_filter()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        h.Agent("agent1", "cpus:4;mem:4096");
        OfferInfo offer = Assert.Single(h.Allocate());
        Assert.True(h.Allocator.Rescind(offer.OfferId));
        Assert.False(h.Allocator.Rescind(offer.OfferId));
        h.AssertConsistent();
        Assert.Equal(RescindReason.Operator, Assert.Single(h.Allocator.PendingRescinds.ToArray()).Reason);
        Assert.Equal(fw, Assert.Single(h.Allocate()).Framework);
    }

    [Fact]
    public void Updating_an_agent_rescinds_its_offers_and_offers_the_new_total()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        int agent = h.Agent("agent1", "cpus:4;mem:4096");
        OfferInfo offer = Assert.Single(h.Allocate());

        h.Allocator.UpdateAgent(agent, R("cpus:8;mem:8192"));
        h.AssertConsistent();
        Assert.Equal(new RescindEvent(offer.OfferId, fw, agent, RescindReason.AgentUpdated), Assert.Single(h.Allocator.PendingRescinds.ToArray()));
        Assert.Equal(R("cpus:8;mem:8192"), Assert.Single(h.Allocate()).Resources);
    }
}

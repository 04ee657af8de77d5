namespace FastMesos.Engine.Tests;

/// <summary>
/// Triggers only mark candidate agents; one allocation run drains them all (Mesos' batching of
/// <c>allocationCandidates</c>), so a burst of events costs one run.
/// </summary>
public class TriggerCoalescingTests
{
    [Fact]
    public void Many_triggers_then_one_run_make_every_offer_in_that_run()
    {
        var h = new EngineHarness();
        int fw1 = h.Framework("fw1");
        int fw2 = h.Framework("fw2");
        Assert.Empty(h.Allocate());
        long runs = h.Allocator.AllocationRuns;

        for (int i = 0; i < 10; i++)
            h.Agent($"agent{i}", "cpus:2;mem:2048");
        h.Allocator.Revive(fw1);
        h.Allocator.Revive(fw2);
        h.Allocator.Revive(fw1);
        Assert.True(h.Allocator.HasPendingAllocation);

        AllocationRunStats stats = h.Allocator.RunAllocation();
        Assert.Equal(runs + 1, h.Allocator.AllocationRuns);
        Assert.Equal(10, stats.Candidates);
        Assert.Equal(10, stats.Offers);
        Assert.Equal(10, h.Allocator.LastOffers.Length);
        Assert.Equal(10, h.Allocator.OutstandingOffers);
        Assert.False(h.Allocator.HasPendingAllocation);
        h.AssertConsistent();

        // Nothing is pending: the next run has no candidates and makes no offers.
        stats = h.Allocator.RunAllocation();
        Assert.Equal(0, stats.Candidates);
        Assert.Equal(0, stats.Offers);
        Assert.Equal(runs + 2, h.Allocator.AllocationRuns);
    }

    [Fact]
    public void Agent_triggers_visit_only_those_agents()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        for (int i = 0; i < 5; i++)
            h.Agent($"agent{i}", "cpus:2;mem:2048");
        List<OfferInfo> offers = h.Allocate();
        Assert.Equal(5, offers.Count);

        // Two declines and one new agent: three candidates in the next run, not six.
        h.Decline(fw, offers[0], 0);
        h.Decline(fw, offers[1], 0);
        h.Agent("agent5", "cpus:2;mem:2048");
        AllocationRunStats stats = h.Allocator.RunAllocation();
        Assert.Equal(3, stats.Candidates);
        Assert.Equal(3, stats.Offers);
        h.AssertConsistent();
    }

    [Fact]
    public void Repeated_triggers_on_one_agent_count_it_once()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        h.Agent("agent1", "cpus:4;mem:4096");
        OfferInfo offer = Assert.Single(h.Allocate());
        h.Launch(fw, offer, ("t1", "cpus:1;mem:1024"), ("t2", "cpus:1;mem:1024"));
        offer = Assert.Single(h.Allocate());
        h.Decline(fw, offer, 0);
        Assert.True(h.UpdateTaskState(fw, "t1", Messages.TaskState.Finished));
        Assert.True(h.UpdateTaskState(fw, "t2", Messages.TaskState.Finished));

        AllocationRunStats stats = h.Allocator.RunAllocation();
        Assert.Equal(1, stats.Candidates);
        Assert.Equal(1, stats.Offers);
        h.AssertConsistent();
    }

    [Fact]
    public void Without_a_framework_that_takes_offers_triggers_wait_for_the_first_one()
    {
        var h = new EngineHarness();
        for (int i = 0; i < 5; i++)
            h.Agent($"agent{i}", "cpus:2;mem:2048");

        // A register storm with nobody to offer to: pending, but no run would do anything.
        Assert.True(h.Allocator.HasPendingAllocation);
        Assert.False(h.Allocator.HasRunnableWork);

        h.Framework("fw1");
        Assert.True(h.Allocator.HasRunnableWork);
        Assert.Equal(5, h.Allocate().Count);
        Assert.False(h.Allocator.HasRunnableWork);
        h.AssertConsistent();
    }

    [Fact]
    public void Agents_that_come_while_every_framework_is_suppressed_are_offered_at_its_revive()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        h.Agent("agent0", "cpus:2;mem:2048");
        OfferInfo held = Assert.Single(h.Allocate());
        h.Allocator.Suppress(fw);

        h.Agent("agent1", "cpus:2;mem:2048");
        h.Agent("agent2", "cpus:2;mem:2048");
        Assert.True(h.Allocator.HasPendingAllocation);
        // The offer on agent0 is still out, and a run may expire it.
        Assert.True(h.Allocator.HasRunnableWork);
        h.Decline(fw, held, 0);
        Assert.False(h.Allocator.HasRunnableWork);

        // The revive finds the candidates the suppressed time kept: the three agents, in one run.
        h.Allocator.Revive(fw);
        Assert.True(h.Allocator.HasRunnableWork);
        AllocationRunStats stats = h.Allocator.RunAllocation();
        Assert.Equal(3, stats.Offers);
        h.AssertConsistent();
    }
}

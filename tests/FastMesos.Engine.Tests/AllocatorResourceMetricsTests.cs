using FastMesos.Messages;

namespace FastMesos.Engine.Tests;

/// <summary>
/// Mesos' <c>allocator/mesos/resources/&lt;name&gt;/{total,offered_or_allocated}</c> as the
/// allocator computes them: totals over every agent it holds (a deactivated one included, as in
/// Mesos' sorter), and what offers, tasks and executors hold across all roles, reserved or not.
/// </summary>
public sealed class AllocatorResourceMetricsTests
{
    private const int Cpus = ResourceKinds.Cpus, Mem = ResourceKinds.Mem;

    [Fact]
    public void Totals_and_holdings_follow_offers_tasks_and_agents()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1", "web/prod");
        int agent1 = h.Agent("agent1", "cpus:4;mem:4096");
        int agent2 = h.Agent("agent2", "cpus:8;mem:8192");
        Assert.Equal("cpus", h.Allocator.ScalarKindName(Cpus));
        Assert.Equal("mem", h.Allocator.ScalarKindName(Mem));
        Assert.Equal(12, h.Allocator.ScalarTotal(Cpus));
        Assert.Equal(0, h.Allocator.ScalarOfferedOrAllocated(Cpus));

        // Both agents offered (to a nested role): everything is held, by offers.
        List<OfferInfo> offers = h.Allocate();
        Assert.Equal(2, offers.Count);
        Assert.Equal(12, h.Allocator.ScalarOfferedOrAllocated(Cpus));
        Assert.Equal(12_288, h.Allocator.ScalarOfferedOrAllocated(Mem));

        // A task takes part of agent1's offer, the rest goes back; agent2's offer is declined.
        OfferInfo onAgent1 = offers.Find(o => o.Agent == agent1);
        OfferInfo onAgent2 = offers.Find(o => o.Agent == agent2);
        Assert.True(h.LaunchWithRefuse(fw, onAgent1, 3600, ("t1", "cpus:1.5;mem:512")).Tasks[0].Launched);
        h.Decline(fw, onAgent2, 3600);
        Assert.Equal(1.5, h.Allocator.ScalarOfferedOrAllocated(Cpus));
        Assert.Equal(512, h.Allocator.ScalarOfferedOrAllocated(Mem));
        h.AssertConsistent();

        // A deactivated agent still counts in the total; a removed one does not.
        h.Allocator.DeactivateAgent(agent2);
        Assert.Equal(12, h.Allocator.ScalarTotal(Cpus));
        h.Allocator.RemoveAgent(agent2);
        Assert.Equal(4, h.Allocator.ScalarTotal(Cpus));
        Assert.Equal(4096, h.Allocator.ScalarTotal(Mem));

        // The task ends: nothing is held.
        Assert.True(h.UpdateTaskState(fw, "t1", TaskState.Finished));
        Assert.Equal(0, h.Allocator.ScalarOfferedOrAllocated(Cpus));
        Assert.Equal(0, h.Allocator.ScalarOfferedOrAllocated(Mem));
    }

    [Fact]
    public void A_kind_past_the_known_ones_is_refused()
    {
        var h = new EngineHarness();
        h.Agent("agent1", "cpus:1;mem:1");
        Assert.Throws<ArgumentOutOfRangeException>(() => h.Allocator.ScalarTotal(h.Allocator.ScalarKindCount));
        Assert.Throws<ArgumentOutOfRangeException>(() => h.Allocator.ScalarOfferedOrAllocated(-1));
    }
}

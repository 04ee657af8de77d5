using FastMesos.Messages;
using static FastMesos.Engine.Tests.EngineHarness;

namespace FastMesos.Engine.Tests;

/// <summary>
/// Agents change under running tasks: re-registration with other resources (UpdateAgent),
/// deactivation and reactivation, removal. The books must balance and shares must use the
/// totals of active agents only.
/// </summary>
public class AgentLifecycleTests
{
    [Fact]
    public void Update_keeps_tasks_and_their_executor_resources_used()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        int agent = h.Agent("agent1", "cpus:4;mem:4096");
        OfferInfo offer = Assert.Single(h.Allocate());
        AcceptResult r = h.Allocator.Accept(fw, [offer.OfferId], [OfferOperation.Launch(
            new TaskLaunch("t1", R("cpus:1;mem:1024"), "exec", R("cpus:0.5;mem:512")))], 0);
        Assert.True(r.Tasks[0].Launched);
        h.AssertConsistent();

        // Re-registration with the same total: free is the total minus the task and its executor.
        h.Allocator.UpdateAgent(agent, R("cpus:4;mem:4096"));
        h.AssertConsistent();
        Assert.Equal(R("cpus:2.5;mem:2560"), h.Allocator.FreeResources(agent));

        Assert.True(h.UpdateTaskState(fw, "t1", TaskState.Finished));
        h.AssertConsistent();
        Assert.Equal(R("cpus:4;mem:4096"), h.Allocator.FreeResources(agent));
    }

    [Fact]
    public void Update_that_does_not_cover_running_tasks_throws_and_changes_nothing()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        int agent = h.Agent("agent1", "cpus:4;mem:4096");
        h.Launch(fw, Assert.Single(h.Allocate()), ("t1", "cpus:3;mem:1024"));
        OfferInfo offer = Assert.Single(h.Allocate());
        h.Allocator.ClearRescinds();

        Assert.Throws<EngineException>(() => h.Allocator.UpdateAgent(agent, R("cpus:2;mem:4096")));
        h.AssertConsistent();
        Assert.True(h.Allocator.IsOutstanding(offer.OfferId));
        Assert.Empty(h.Allocator.PendingRescinds.ToArray());
        Assert.Equal(R("cpus:4;mem:4096"), h.Allocator.TotalResources(agent));
    }

    [Fact]
    public void Update_of_a_deactivated_agent_keeps_it_out_of_the_cluster_total()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        h.Agent("agent1", "cpus:4;mem:4096");
        int agent2 = h.Agent("agent2", "cpus:4;mem:4096");
        h.Allocator.DeactivateAgent(agent2);

        // While agent2 is inactive the cluster is agent1 alone: its offer is a share of 1.
        OfferInfo offer = Assert.Single(h.Allocate());
        Assert.Equal(1.0, h.Allocator.FrameworkShare(fw, "*"), 9);

        // agent2 re-registers bigger while still inactive: the cluster total does not change.
        h.Allocator.UpdateAgent(agent2, R("cpus:8;mem:8192"));
        h.AssertConsistent();
        Assert.Equal(1.0, h.Allocator.FrameworkShare(fw, "*"), 9);
        Assert.Empty(h.Allocate());

        // Activated, agent2 counts with its new total: 4 of 12 cpus are held by fw1.
        h.Allocator.ActivateAgent(agent2);
        Assert.Equal(R("cpus:8;mem:8192"), Assert.Single(h.Allocate()).Resources);
        h.Decline(fw, offer, 0);
        Assert.Equal(8.0 / 12, h.Allocator.FrameworkShare(fw, "*"), 9);
    }

    [Fact]
    public void Deactivated_agent_leaves_the_cluster_total_used_for_shares()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        h.Agent("agent1", "cpus:4;mem:4096");
        int agent2 = h.Agent("agent2", "cpus:4;mem:4096");
        List<OfferInfo> offers = h.Allocate();
        OfferInfo onAgent1 = Assert.Single(offers, o => o.Agent != agent2);
        Assert.Equal(1.0, h.Allocator.FrameworkShare(fw, "*"), 9);

        h.Allocator.DeactivateAgent(agent2);
        Assert.Equal(1.0, h.Allocator.FrameworkShare(fw, "*"), 9);
        h.Decline(fw, onAgent1, 0);
        Assert.Equal(0.0, h.Allocator.FrameworkShare(fw, "*"), 9);
    }

    [Fact]
    public void Removed_agent_slot_is_reused_cleanly()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        int agent = h.Agent("agent1", "cpus:4;mem:4096;cpus(web):1");
        h.Decline(fw, Assert.Single(h.Allocate()), 3600);
        h.Allocator.RemoveAgent(agent);
        h.AssertConsistent();

        // A new agent in the same slot carries no filter, no reservation and no old free resources.
        int again = h.Agent("agent2", "cpus:2;mem:2048");
        Assert.Equal(agent, again);
        OfferInfo offer = Assert.Single(h.Allocate());
        Assert.Equal((fw, R("cpus:2;mem:2048")), (offer.Framework, offer.Resources));
        Assert.Equal(-1, h.Allocator.FindAgent("agent1"));
    }

    [Fact]
    public void Running_tasks_reported_at_registration_are_not_offered()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        int agent = h.Agent("agent1", "cpus:4;mem:4096");
        h.Allocator.AddRunningTask(fw, "*", agent, new TaskLaunch("t1", R("cpus:1;mem:1024"), "exec", R("cpus:0.5;mem:512")));
        h.AssertConsistent();
        Assert.Equal(R("cpus:2.5;mem:2560"), Assert.Single(h.Allocate()).Resources);
        Assert.True(h.UpdateTaskState(fw, "t1", TaskState.Killed));
        h.AssertConsistent();
    }
}

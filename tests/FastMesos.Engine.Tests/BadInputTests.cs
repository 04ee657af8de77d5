using FastMesos.Messages;
using static FastMesos.Engine.Tests.EngineHarness;

namespace FastMesos.Engine.Tests;

/// <summary>
/// Requests the engine refuses: unknown slots, duplicates, invalid roles. The engine validates
/// before it mutates, so a refused call leaves it exactly as it was.
/// </summary>
public class BadInputTests
{
    [Fact]
    public void Unknown_agent_slots_throw()
    {
        var h = new EngineHarness();
        int agent = h.Agent("agent1", "cpus:1;mem:1024");
        h.Allocator.RemoveAgent(agent);
        foreach (int slot in new[] { -1, agent, 99 })
        {
            Assert.Throws<EngineException>(() => h.Allocator.RemoveAgent(slot));
            Assert.Throws<EngineException>(() => h.Allocator.UpdateAgent(slot, R("cpus:1")));
            Assert.Throws<EngineException>(() => h.Allocator.DeactivateAgent(slot));
            Assert.Throws<EngineException>(() => h.Allocator.ActivateAgent(slot));
            Assert.Throws<EngineException>(() => h.Allocator.FreeResources(slot));
            Assert.Throws<EngineException>(() => h.Allocator.TotalResources(slot));
        }
        h.AssertConsistent();
    }

    [Fact]
    public void Unknown_framework_slots_throw()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        int agent = h.Agent("agent1", "cpus:1;mem:1024");
        h.Allocator.RemoveFramework(fw);
        foreach (int slot in new[] { -1, fw, 99 })
        {
            Assert.Throws<EngineException>(() => h.Allocator.RemoveFramework(slot));
            Assert.Throws<EngineException>(() => h.Allocator.DeactivateFramework(slot));
            Assert.Throws<EngineException>(() => h.Allocator.ActivateFramework(slot));
            Assert.Throws<EngineException>(() => h.Allocator.Suppress(slot));
            Assert.Throws<EngineException>(() => h.Allocator.Revive(slot));
            Assert.Throws<EngineException>(() => h.Allocator.FrameworkShare(slot, "*"));
            Assert.Throws<EngineException>(() => h.Allocator.AddRunningTask(slot, "*", agent, new TaskLaunch("t", R("cpus:1"))));
            Assert.False(h.Allocator.Decline(slot, 1, 0));
            Assert.False(h.UpdateTaskState(slot, "t", TaskState.Finished));
            Assert.False(h.Allocator.UpdateTaskState(slot, fw, "t", TaskState.Finished));   // no such task handle either
            Assert.False(h.Allocator.Accept(slot, [1], [], 0).OffersValid);
        }
        h.AssertConsistent();
    }

    [Theory]
    [InlineData("")]
    [InlineData("/web")]
    [InlineData("web/")]
    [InlineData("a//b")]
    [InlineData("a b")]
    [InlineData("..")]
    [InlineData("-web")]
    public void Framework_with_an_invalid_role_throws_and_is_not_added(string role)
    {
        var h = new EngineHarness();
        h.Framework("fw1");
        h.Agent("agent1", "cpus:1;mem:1024");
        Assert.Single(h.Allocate());

        Assert.Throws<EngineException>(() => h.Allocator.AddFramework("fw2", ["ok", role]));
        Assert.Equal(1, h.Allocator.FrameworkCount);
        Assert.Equal(-1, h.Allocator.FindFramework("fw2"));
        Assert.False(h.Allocator.HasPendingAllocation);
        h.AssertConsistent();

        // The id is still free and the valid role was not half-subscribed.
        int fw2 = h.Framework("fw2", "ok");
        Assert.Equal(2, h.Allocator.FrameworkCount);
        Assert.Equal(0, h.Allocator.FrameworkShare(fw2, "ok"));
    }

    [Fact]
    public void Framework_with_no_role_or_a_role_twice_throws()
    {
        var h = new EngineHarness();
        Assert.Throws<EngineException>(() => h.Allocator.AddFramework("fw1", []));
        Assert.Throws<EngineException>(() => h.Allocator.AddFramework("fw1", ["a", "a"]));
        Assert.Equal(0, h.Allocator.FrameworkCount);
    }

    [Fact]
    public void Duplicate_framework_id_throws_and_changes_nothing()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1", "a");
        h.Agent("agent1", "cpus:1;mem:1024");
        OfferInfo offer = Assert.Single(h.Allocate());

        Assert.Throws<EngineException>(() => h.Allocator.AddFramework("fw1", ["b"]));
        Assert.Equal(1, h.Allocator.FrameworkCount);
        Assert.Equal(fw, h.Allocator.FindFramework("fw1"));
        Assert.True(h.Allocator.IsOutstanding(offer.OfferId));
        Assert.False(h.Allocator.HasPendingAllocation);
        h.AssertConsistent();
    }

    [Fact]
    public void Duplicate_agent_id_throws_and_changes_nothing()
    {
        var h = new EngineHarness();
        h.Framework("fw1");
        int agent = h.Agent("agent1", "cpus:1;mem:1024");
        Assert.Single(h.Allocate());

        Assert.Throws<EngineException>(() => h.Agent("agent1", "cpus:8;mem:8192"));
        Assert.Equal(1, h.Allocator.AgentCount);
        Assert.Equal(R("cpus:1;mem:1024"), h.Allocator.TotalResources(agent));
        Assert.False(h.Allocator.HasPendingAllocation);
        h.AssertConsistent();
    }

    [Fact]
    public void Bad_weights_throw()
    {
        var h = new EngineHarness();
        Assert.Throws<EngineException>(() => h.Allocator.SetWeight("a", 0));
        Assert.Throws<EngineException>(() => h.Allocator.SetWeight("a", -1));
        Assert.Throws<EngineException>(() => h.Allocator.SetWeight("a", double.NaN));
        Assert.Throws<EngineException>(() => h.Allocator.SetWeight("a", double.PositiveInfinity));
        Assert.Throws<EngineException>(() => h.Allocator.SetWeight("bad role", 2));
        Assert.Equal(1.0, h.Allocator.Weight("a"));
    }

    [Fact]
    public void Unknown_offer_lookups_throw_or_report_absence()
    {
        var h = new EngineHarness();
        Assert.Throws<EngineException>(() => h.Allocator.GetOffer(12345));
        Assert.False(h.Allocator.IsOutstanding(12345));
        Assert.False(h.Allocator.Rescind(12345));
        Assert.Equal(-1, h.Allocator.OfferFramework(12345));
        Assert.Equal(-1, h.Allocator.OfferAgent(12345));
    }

    [Fact]
    public void Running_task_that_is_not_free_on_the_agent_throws_and_changes_nothing()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        int agent = h.Agent("agent1", "cpus:1;mem:1024");
        Assert.Throws<EngineException>(() => h.Allocator.AddRunningTask(fw, "*", agent, new TaskLaunch("t1", R("cpus:2"))));
        Assert.Throws<EngineException>(() => h.Allocator.AddRunningTask(fw, "other", agent, new TaskLaunch("t1", R("cpus:1"))));
        Assert.Equal(0, h.Allocator.TaskCount);
        Assert.Equal(R("cpus:1;mem:1024"), h.Allocator.FreeResources(agent));
        h.AssertConsistent();

        h.Allocator.AddRunningTask(fw, "*", agent, new TaskLaunch("t1", R("cpus:1")));
        Assert.Throws<EngineException>(() => h.Allocator.AddRunningTask(fw, "*", agent, new TaskLaunch("t2", R("cpus:1"))));
        Assert.Throws<EngineException>(() => h.Allocator.AddRunningTask(fw, "*", agent, new TaskLaunch("", R("mem:1"))));
        Assert.Equal(1, h.Allocator.TaskCount);
        h.AssertConsistent();
    }
}

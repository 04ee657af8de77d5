using FastMesos.Messages;
using static FastMesos.Engine.Tests.EngineHarness;

namespace FastMesos.Engine.Tests;

/// <summary>
/// ACCEPT validation (Mesos' master/validation.cpp): a bad set of offers refuses the whole call and
/// changes nothing, every task reported TASK_LOST (TASK_DROPPED when partition-aware) with
/// REASON_INVALID_OFFERS; a bad task is refused alone with TASK_ERROR / REASON_TASK_INVALID while
/// the others launch; a LAUNCH_GROUP is all or nothing.
/// </summary>
public class AcceptValidationTests
{
    private static TaskLaunch Task(string id, string resources) => new(id, R(resources));

    /// <summary>What a refused ACCEPT must leave untouched.</summary>
    private sealed record Books(Dictionary<int, Resources> Free, int Outstanding, int Tasks, double Cpus1, double Cpus2);

    private static Books Snapshot(EngineHarness h, int fw1, int fw2) => new(
        h.FreeByAgent(), h.Allocator.OutstandingOffers, h.Allocator.TaskCount,
        h.Allocator.FrameworkAllocated(fw1, "*", "cpus"), h.Allocator.FrameworkAllocated(fw2, "*", "cpus"));

    private static void AssertUnchanged(EngineHarness h, Books before, int fw1, int fw2, params OfferInfo[] stillOutstanding)
    {
        h.AssertConsistent();
        Books after = Snapshot(h, fw1, fw2);
        Assert.Equal(before.Outstanding, after.Outstanding);
        Assert.Equal(before.Tasks, after.Tasks);
        Assert.Equal((before.Cpus1, before.Cpus2), (after.Cpus1, after.Cpus2));
        Assert.Equal(before.Free.Count, after.Free.Count);
        foreach ((int agent, Resources free) in before.Free)
            Assert.Equal(free, after.Free[agent]);
        foreach (OfferInfo o in stillOutstanding)
            Assert.True(h.Allocator.IsOutstanding(o.OfferId), $"offer {o.OfferId} is gone");
    }

    private static void AssertRefused(AcceptResult r, TaskState state, params string[] taskIds)
    {
        Assert.False(r.OffersValid);
        Assert.False(string.IsNullOrEmpty(r.Error));
        Assert.Equal(taskIds.Length, r.Tasks.Count);
        for (int i = 0; i < taskIds.Length; i++)
        {
            Assert.Equal(taskIds[i], r.Tasks[i].TaskId);
            Assert.False(r.Tasks[i].Launched);
            Assert.Equal(state, r.Tasks[i].State);
            Assert.Equal("REASON_INVALID_OFFERS", r.Tasks[i].Reason);
        }
        Assert.Empty(r.Operations);
    }

    /// <summary>Two frameworks, two agents; fw1 holds an offer on agent1, fw2 one on agent2.</summary>
    private static (EngineHarness H, int Fw1, int Fw2, OfferInfo Of1, OfferInfo Of2) TwoOffers(FrameworkCapabilities caps = FrameworkCapabilities.None)
    {
        var h = new EngineHarness();
        int fw1 = h.Framework("fw1", caps);
        int fw2 = h.Framework("fw2", caps);
        h.Agent("agent1", "cpus:4;mem:4096;ports:[31000-31010]");
        h.Agent("agent2", "cpus:4;mem:4096;ports:[31000-31010]");
        List<OfferInfo> offers = h.Allocate();
        return (h, fw1, fw2, Assert.Single(offers, o => o.Framework == fw1), Assert.Single(offers, o => o.Framework == fw2));
    }

    [Fact]
    public void Unknown_offer_is_refused_and_changes_nothing()
    {
        var (h, fw1, fw2, of1, of2) = TwoOffers();
        Books before = Snapshot(h, fw1, fw2);
        AcceptResult r = h.Allocator.Accept(fw1, [of1.OfferId + 1000], [OfferOperation.Launch(Task("t1", "cpus:1"))], 0);
        AssertRefused(r, TaskState.Lost, "t1");
        AssertUnchanged(h, before, fw1, fw2, of1, of2);
    }

    [Fact]
    public void Rescinded_offer_is_refused_and_changes_nothing()
    {
        var (h, fw1, fw2, of1, of2) = TwoOffers();
        Assert.True(h.Allocator.Rescind(of1.OfferId));
        Books before = Snapshot(h, fw1, fw2);
        AcceptResult r = h.Allocator.Accept(fw1, [of1.OfferId], [OfferOperation.Launch(Task("t1", "cpus:1"))], 0);
        AssertRefused(r, TaskState.Lost, "t1");
        AssertUnchanged(h, before, fw1, fw2, of2);
    }

    [Fact]
    public void Another_frameworks_offer_is_refused_and_changes_nothing()
    {
        var (h, fw1, fw2, of1, of2) = TwoOffers();
        Books before = Snapshot(h, fw1, fw2);
        AcceptResult r = h.Allocator.Accept(fw1, [of2.OfferId], [OfferOperation.Launch(Task("t1", "cpus:1"), Task("t2", "cpus:1"))], 0);
        AssertRefused(r, TaskState.Lost, "t1", "t2");
        AssertUnchanged(h, before, fw1, fw2, of1, of2);
        Assert.False(h.Allocator.Decline(fw1, of2.OfferId, 0));
        AssertUnchanged(h, before, fw1, fw2, of1, of2);
    }

    [Fact]
    public void Offers_from_two_agents_are_refused_and_change_nothing()
    {
        var h = new EngineHarness();
        int fw1 = h.Framework("fw1");
        int fw2 = h.Framework("fw2");
        h.Allocator.Suppress(fw2);
        h.Agent("agent1", "cpus:4;mem:4096");
        h.Agent("agent2", "cpus:4;mem:4096");
        List<OfferInfo> offers = h.Allocate();
        Assert.Equal(2, offers.Count);
        Assert.All(offers, o => Assert.Equal(fw1, o.Framework));

        Books before = Snapshot(h, fw1, fw2);
        AcceptResult r = h.Allocator.Accept(fw1, [offers[0].OfferId, offers[1].OfferId], [OfferOperation.Launch(Task("t1", "cpus:6"))], 0);
        AssertRefused(r, TaskState.Lost, "t1");
        AssertUnchanged(h, before, fw1, fw2, offers[0], offers[1]);
    }

    [Fact]
    public void Duplicate_offer_id_is_refused_and_changes_nothing()
    {
        var (h, fw1, fw2, of1, of2) = TwoOffers();
        Books before = Snapshot(h, fw1, fw2);
        AcceptResult r = h.Allocator.Accept(fw1, [of1.OfferId, of1.OfferId], [OfferOperation.Launch(Task("t1", "cpus:1"))], 0);
        AssertRefused(r, TaskState.Lost, "t1");
        AssertUnchanged(h, before, fw1, fw2, of1, of2);
    }

    [Fact]
    public void Partition_aware_framework_sees_its_tasks_dropped()
    {
        var (h, fw1, fw2, of1, of2) = TwoOffers(FrameworkCapabilities.PartitionAware);
        Books before = Snapshot(h, fw1, fw2);
        AcceptResult r = h.Allocator.Accept(fw1, [of2.OfferId], [OfferOperation.Launch(Task("t1", "cpus:1"))], 0);
        AssertRefused(r, TaskState.Dropped, "t1");
        AssertUnchanged(h, before, fw1, fw2, of1, of2);
    }

    [Fact]
    public void Offers_of_one_agent_can_be_merged_in_one_accept()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        int agent = h.Agent("agent1", "cpus:2;mem:2048");
        OfferInfo first = Assert.Single(h.Allocate());
        h.Launch(fw, first, ("t0", "cpus:1;mem:1024"));
        OfferInfo second = Assert.Single(h.Allocate());
        Assert.True(h.UpdateTaskState(fw, "t0", TaskState.Finished));
        OfferInfo third = Assert.Single(h.Allocate());
        Assert.Equal(agent, third.Agent);

        AcceptResult r = h.Allocator.Accept(fw, [second.OfferId, third.OfferId], [OfferOperation.Launch(Task("t1", "cpus:2;mem:2048"))], 0);
        Assert.True(r.OffersValid, r.Error);
        Assert.True(Assert.Single(r.Tasks).Launched);
        h.AssertConsistent();
        Assert.True(h.Allocator.FreeResources(agent).IsEmpty);
    }

    [Fact]
    public void Bad_tasks_are_refused_one_by_one_and_the_good_ones_launch()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        h.Framework("other-role-fw", "other");   // takes the cpus(other) reservation
        h.Agent("agent1", "cpus:4;mem:4096;ports:[31000-31010];cpus(other):1");
        OfferInfo offer = Assert.Single(h.Allocate(), o => o.Framework == fw);
        Assert.Equal(R("cpus:4;mem:4096;ports:[31000-31010]"), offer.Resources);

        AcceptResult r = h.Allocator.Accept(fw, [offer.OfferId], [OfferOperation.Launch(
            Task("ok1", "cpus:1;mem:1024;ports:[31000-31000]"),
            Task("too-big", "cpus:8;mem:1024"),
            Task("wrong-port", "cpus:0.5;ports:[32000-32000]"),
            new TaskLaunch("empty", Resources.Empty),
            Task("", "cpus:1;mem:128"),
            Task("other-role", "cpus(other):1"),
            Task("ok2", "cpus:1;mem:1024;ports:[31001-31002]"),
            Task("after-ok2", "cpus:2.5"))], 0);

        Assert.True(r.OffersValid, r.Error);
        Assert.Equal(8, r.Tasks.Count);
        Assert.True(r.Tasks[0].Launched);
        Assert.Equal(TaskState.Staging, r.Tasks[0].State);
        Assert.True(r.Tasks[6].Launched);
        foreach (int i in new[] { 1, 2, 3, 4, 5, 7 })
        {
            TaskOutcome t = r.Tasks[i];
            Assert.False(t.Launched, t.TaskId);
            Assert.Equal(TaskState.Error, t.State);
            Assert.Equal("REASON_TASK_INVALID", t.Reason);
            Assert.False(string.IsNullOrEmpty(t.Message));
        }
        Assert.Contains("more resources", r.Tasks[1].Message);
        Assert.Contains("must not be empty", r.Tasks[4].Message);
        Assert.Contains("reserved for role 'other'", r.Tasks[5].Message);
        h.AssertConsistent();

        // ok1 and ok2 hold <2 CPU, 2 GB, 3 ports>; the rest went back to the agent.
        Assert.Equal(2, h.Allocator.TaskCount);
        Assert.Equal(2, h.Allocator.FrameworkAllocated(fw, "*", "cpus"));
        Assert.Equal(R("cpus:2;mem:2048;ports:[31003-31010]"), h.Allocator.FreeResources(offer.Agent));
    }

    [Fact]
    public void Launch_group_is_all_or_nothing()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        int agent = h.Agent("agent1", "cpus:4;mem:4096");
        OfferInfo offer = Assert.Single(h.Allocate());

        var exec = R("cpus:0.1;mem:32");
        AcceptResult r = h.Allocator.Accept(fw, [offer.OfferId], [OfferOperation.LaunchGroup(
            new TaskLaunch("g1", R("cpus:1;mem:1024"), "exec", exec),
            new TaskLaunch("g2", R("cpus:8;mem:1024"), "exec", exec))], 0);
        Assert.True(r.OffersValid);
        Assert.Equal(2, r.Tasks.Count);
        Assert.All(r.Tasks, t => Assert.Equal((false, TaskState.Error, "REASON_TASK_INVALID"), (t.Launched, t.State, t.Reason)));
        h.AssertConsistent();
        Assert.Equal(0, h.Allocator.TaskCount);
        Assert.Equal(R("cpus:4;mem:4096"), h.Allocator.FreeResources(agent));

        // A group that fits launches whole, the executor charged once.
        offer = Assert.Single(h.Allocate());
        r = h.Allocator.Accept(fw, [offer.OfferId], [OfferOperation.LaunchGroup(
            new TaskLaunch("g1", R("cpus:1;mem:1024"), "exec", exec),
            new TaskLaunch("g2", R("cpus:1;mem:1024"), "exec", exec))], 0);
        Assert.All(r.Tasks, t => Assert.True(t.Launched, t.Message));
        h.AssertConsistent();
        Assert.Equal(R("cpus:1.9;mem:2016"), h.Allocator.FreeResources(agent));

        // The executor's resources come back with its last task.
        Assert.True(h.UpdateTaskState(fw, "g1", TaskState.Finished));
        h.AssertConsistent();
        Assert.Equal(R("cpus:2.9;mem:3040"), h.Allocator.FreeResources(agent));
        Assert.True(h.UpdateTaskState(fw, "g2", TaskState.Failed));
        h.AssertConsistent();
        Assert.Equal(R("cpus:4;mem:4096"), h.Allocator.FreeResources(agent));
    }

    [Fact]
    public void Accept_with_no_operations_declines_the_offer()
    {
        var h = new EngineHarness();
        int fw = h.Framework("fw1");
        h.Agent("agent1", "cpus:4;mem:4096");
        OfferInfo offer = Assert.Single(h.Allocate());
        AcceptResult r = h.Allocator.Accept(fw, [offer.OfferId], [], refuseSeconds: 30);
        Assert.True(r.OffersValid);
        h.AssertConsistent();
        Assert.Empty(h.Tick());
        h.AdvanceSeconds(30);
        Assert.Single(h.Tick());
    }
}

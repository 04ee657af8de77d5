using FastMesos.Messages;
using static FastMesos.Engine.Tests.EngineHarness;

namespace FastMesos.Engine.Tests;

/// <summary>
/// Quota (Mesos 1.9+ UPDATE_QUOTA): guarantees are allocated first and held back as headroom from
/// other roles; limits chop offers so a role's consumption (reservations + unreserved allocation)
/// never grows past them; a role at its limit leaves the order.
/// </summary>
public class QuotaTests
{
    private static List<OfferInfo> Of(List<OfferInfo> offers, int fw) => offers.FindAll(o => o.Framework == fw);

    [Fact]
    public void Guarantee_is_met_in_the_quota_stage_before_fair_share()
    {
        var h = new EngineHarness();
        int other = h.Framework("other-fw", "other");
        int q = h.Framework("q-fw", "q");
        h.Allocator.SetQuota("q", R("cpus:6"), Resources.Empty);
        for (int i = 0; i < 4; i++)
            h.Agent($"agent{i}", "cpus:2;mem:2048");

        // Quota stage: q is below its guarantee of 6 cpus and takes three whole agents (2 + 2 + 2).
        // Fair-share stage: other share 0, q share 0.75 -> other gets the fourth. Plain DRF would
        // have split the agents 2 and 2.
        List<OfferInfo> offers = h.Allocate();
        Assert.Equal(4, offers.Count);
        List<OfferInfo> toQ = Of(offers, q);
        Assert.Equal(3, toQ.Count);
        Assert.All(toQ, o => Assert.Equal(R("cpus:2;mem:2048"), o.Resources));
        OfferInfo toOther = Assert.Single(Of(offers, other));
        Assert.Equal(R("cpus:2;mem:2048"), toOther.Resources);
    }

    [Fact]
    public void Quota_stage_offers_are_chopped_to_the_limit_and_the_rest_goes_to_fair_share()
    {
        var h = new EngineHarness();
        int other = h.Framework("other-fw", "other");
        int q = h.Framework("q-fw", "q");
        h.Allocator.SetQuota("q", R("cpus:3"), R("cpus:3"));
        for (int i = 0; i < 4; i++)
            h.Agent($"agent{i}", "cpus:2;mem:2048");

        // Quota stage: q takes a whole agent (unmet 3 cpus -> 1), then only 1 cpu of the next: the
        // limit chops cpus; mem has no quota and comes whole.
        // Fair share: other share 0 < q share 0.5 (mem 4/8) -> other gets the two untouched agents
        // and the chopped agent's last cpu.
        List<OfferInfo> offers = h.Allocate();
        List<OfferInfo> toQ = Of(offers, q);
        Assert.Equal(2, toQ.Count);
        Assert.Contains(toQ, o => o.Resources.Equals(R("cpus:2;mem:2048")));
        Assert.Contains(toQ, o => o.Resources.Equals(R("cpus:1;mem:2048")));
        List<OfferInfo> toOther = Of(offers, other);
        Assert.Equal(3, toOther.Count);
        Assert.Equal(2, toOther.FindAll(o => o.Resources.Equals(R("cpus:2;mem:2048"))).Count);
        Assert.Single(toOther, o => o.Resources.Equals(R("cpus:1")));
        Assert.Equal(3, h.Allocator.FrameworkAllocated(q, "q", "cpus"));
    }

    [Fact]
    public void Limit_is_never_exceeded_over_many_runs()
    {
        var h = new EngineHarness();
        int q1 = h.Framework("q1", "q");
        int q2 = h.Framework("q2", "q/sub");
        h.Framework("other", "other");   // competes for what q may not take
        h.Allocator.SetQuota("q", Resources.Empty, R("cpus:3;mem:3072"));
        for (int i = 0; i < 4; i++)
            h.Agent($"agent{i}", "cpus:2;mem:2048");

        var rng = new Random(7);
        int taskId = 0;
        var running = new List<(int Fw, string Id)>();
        for (int run = 0; run < 60; run++)
        {
            h.AdvanceSeconds(1);
            foreach (OfferInfo o in h.Tick())
            {
                // Launch one small task when it fits, decline the rest without a filter.
                if (o.Resources.Cpus >= 0.5 && o.Resources.Mem >= 512 && rng.Next(2) == 0)
                {
                    string id = $"t{taskId++}";
                    Assert.True(h.Launch(o.Framework, o, (id, "cpus:0.5;mem:512")).Tasks[0].Launched);
                    running.Add((o.Framework, id));
                }
                else
                {
                    h.Decline(o.Framework, o, refuseSeconds: 0);
                }
            }
            if (running.Count > 0 && rng.Next(3) == 0)
            {
                int i = rng.Next(running.Count);
                Assert.True(h.UpdateTaskState(running[i].Fw, running[i].Id, TaskState.Finished));
                running.RemoveAt(i);
            }

            // q's consumption is everything its subtree holds: no reservations here, so the sum of
            // what q1 (in q) and q2 (in q/sub) hold, offered or launched.
            double cpus = h.Allocator.FrameworkAllocated(q1, "q", "cpus") + h.Allocator.FrameworkAllocated(q2, "q/sub", "cpus");
            double mem = h.Allocator.FrameworkAllocated(q1, "q", "mem") + h.Allocator.FrameworkAllocated(q2, "q/sub", "mem");
            Assert.True(cpus <= 3, $"run {run}: q consumes {cpus} cpus, limit 3");
            Assert.True(mem <= 3072, $"run {run}: q consumes {mem} mem, limit 3072");
        }
    }

    [Fact]
    public void Headroom_for_a_guarantee_is_held_back_from_roles_without_quota()
    {
        var h = new EngineHarness();
        int other = h.Framework("other-fw", "other");
        h.Allocator.SetQuota("q", R("cpus:4"), Resources.Empty);
        for (int i = 0; i < 4; i++)
            h.Agent($"agent{i}", "cpus:2;mem:2048");

        // q has no framework yet, but its 4 cpus of guarantee are headroom: other may take only the
        // surplus of 8 - 4 cpus. mem has no guarantee and is offered whole.
        List<OfferInfo> offers = h.Allocate();
        Assert.Equal(4, offers.Count);
        Assert.All(offers, o => Assert.Equal(other, o.Framework));
        Assert.Equal(2, offers.FindAll(o => o.Resources.Equals(R("cpus:2;mem:2048"))).Count);
        Assert.Equal(2, offers.FindAll(o => o.Resources.Equals(R("mem:2048"))).Count);
        Assert.Equal(4, Sum(offers, "cpus"));

        // Once q subscribes, the quota stage gives it the held-back cpus.
        int q = h.Framework("q-fw", "q");
        offers = h.Allocate();
        Assert.Equal(2, offers.Count);
        Assert.All(offers, o => Assert.Equal(q, o.Framework));
        Assert.All(offers, o => Assert.Equal(R("cpus:2"), o.Resources));
    }

    [Fact]
    public void Role_at_its_limit_gets_no_offers_until_its_consumption_drops()
    {
        var h = new EngineHarness();
        int q = h.Framework("q-fw", "q");
        int other = h.Framework("other-fw", "other");
        h.Allocator.SetQuota("q", Resources.Empty, R("cpus:2;mem:2048"));
        h.Agent("agent1", "cpus:2;mem:2048");
        h.Agent("agent2", "cpus:2;mem:2048");

        // q 0, other 0 -> q (lower slot) takes a whole agent and reaches its limit on every kind;
        // other takes the second agent.
        List<OfferInfo> offers = h.Allocate();
        OfferInfo toQ = Assert.Single(Of(offers, q));
        OfferInfo toOther = Assert.Single(Of(offers, other));
        h.Launch(q, toQ, ("q-task", "cpus:2;mem:2048"));
        h.Decline(other, toOther, refuseSeconds: 0);

        // q share 0.5 and saturated; other share 0. Only other is offered, run after run.
        for (int i = 0; i < 3; i++)
        {
            offers = h.Tick();
            toOther = Assert.Single(offers);
            Assert.Equal(other, toOther.Framework);
            h.Decline(other, toOther, refuseSeconds: 0);
        }

        // The task finishes: q is below its limit again and competes (q 0, other 0 -> q first).
        Assert.True(h.UpdateTaskState(q, "q-task", TaskState.Finished));
        offers = h.Tick();
        Assert.Single(Of(offers, q));
        Assert.Single(Of(offers, other));
    }

    [Fact]
    public void Role_at_its_limit_is_offered_again_when_the_agent_running_its_task_is_removed()
    {
        var h = new EngineHarness();
        int q = h.Framework("q-fw", "q");
        h.Allocator.SetQuota("q", Resources.Empty, R("cpus:2;mem:2048"));
        int agent1 = h.Agent("agent1", "cpus:2;mem:2048");
        OfferInfo offer = Assert.Single(h.Allocate());
        h.Launch(q, offer, ("q-task", "cpus:2;mem:2048"));

        // q consumes its whole limit; a second agent is not offered to it.
        h.Agent("agent2", "cpus:2;mem:2048");
        Assert.Empty(h.Tick());

        // The agent with q's task goes away and takes the task with it: q consumes nothing, so the
        // second agent is offered to it.
        h.Allocator.RemoveAgent(agent1);
        h.AssertConsistent();
        offer = Assert.Single(h.Tick());
        Assert.Equal(q, offer.Framework);
        Assert.Equal(R("cpus:2;mem:2048"), offer.Resources);
    }

    [Fact]
    public void Bad_quota_requests_throw_and_change_nothing()
    {
        var h = new EngineHarness();
        int q = h.Framework("q-fw", "q");
        h.Allocator.SetQuota("q", Resources.Empty, R("cpus:1"));
        h.Agent("agent1", "cpus:4;mem:1024");
        OfferInfo offer = Assert.Single(h.Allocate());
        Assert.Equal(R("cpus:1;mem:1024"), offer.Resources);
        Assert.False(h.Allocator.HasPendingAllocation);

        Assert.Throws<EngineException>(() => h.Allocator.SetQuota("q/sub", R("cpus:1"), R("cpus:2")));
        Assert.Throws<EngineException>(() => h.Allocator.SetQuota("*", R("cpus:1"), R("cpus:2")));
        Assert.Throws<EngineException>(() => h.Allocator.SetQuota("bad role", R("cpus:1"), R("cpus:2")));
        Assert.Throws<EngineException>(() => h.Allocator.SetQuota("q", R("cpus:3"), R("cpus:2")));
        Assert.Throws<EngineException>(() => h.Allocator.SetQuota("q", Resources.Empty, R("ports:[31000-32000]")));
        Assert.Throws<EngineException>(() => h.Allocator.SetQuota("q", R("cpus(q):1"), R("cpus:2")));

        // No call triggered an allocation or replaced q's limit of 1 cpu.
        Assert.False(h.Allocator.HasPendingAllocation);
        Assert.True(h.Allocator.IsOutstanding(offer.OfferId));
        h.Decline(q, offer, refuseSeconds: 0);
        Assert.Equal(R("cpus:1;mem:1024"), Assert.Single(h.Allocate()).Resources);
        h.AssertConsistent();
    }
}

using static FastMesos.Engine.Tests.EngineHarness;

namespace FastMesos.Engine.Tests;

/// <summary>
/// Dominant resource fairness through the allocator: the order frameworks and roles are offered
/// agents in, with Mesos' share ledgers between steps (hierarchical_allocator_tests.cpp style).
/// A share is max over scalar kinds of allocation ÷ cluster total, divided by the role's weight;
/// offered resources count as allocated until declined.
/// </summary>
public class DrfSorterTests
{
    /// <summary>
    /// The DRF paper's example (Ghodsi et al., NSDI 2011): a 9 CPU / 18 GB cluster, framework A
    /// runs &lt;1 CPU, 4 GB&gt; tasks and B &lt;3 CPU, 1 GB&gt; tasks; DRF ends at A = 3 tasks
    /// (dominant share mem 12/18) and B = 2 tasks (dominant share cpu 6/9).
    /// <para>
    /// Mesos does not hand out tasks: it offers all of an agent's free resources to the framework
    /// first in DRF order, and a task must fit on one agent. So progressive filling shows up as a
    /// sequence of runs over one agent big enough for any task: each run offers the whole remainder
    /// to the lowest share, the framework launches one task and declines the rest with refuse 0 (no
    /// filter), and the next run re-sorts. Nine agents of &lt;1 CPU, 2 GB&gt; would not work: no
    /// agent holds A's 4 GB or B's 3 CPUs, so neither could launch anything, and per-agent offers
    /// would give each whole agent away rather than one task's worth.
    /// </para>
    /// </summary>
    [Fact]
    public void Drf_paper_example_progressive_filling_ends_at_three_tasks_for_A_and_two_for_B()
    {
        var h = new EngineHarness();
        int a = h.Framework("A");
        int b = h.Framework("B");
        h.Agent("agent1", "cpus:9;mem:18432");

        // A share 0, B share 0: tie on share and allocation count, A has the lower slot.
        OfferInfo offer = Assert.Single(h.Allocate());
        Assert.Equal(a, offer.Framework);
        Assert.Equal(R("cpus:9;mem:18432"), offer.Resources);
        Assert.All(h.Launch(a, offer, ("a1", "cpus:1;mem:4096")).Tasks, t => Assert.True(t.Launched));

        // A share 0.222 (mem 4/18), B share 0.
        Assert.Equal(4.0 / 18, h.Allocator.FrameworkShare(a, "*"), 9);
        offer = Assert.Single(h.Allocate());
        Assert.Equal(b, offer.Framework);
        Assert.Equal(R("cpus:8;mem:14336"), offer.Resources);
        Assert.All(h.Launch(b, offer, ("b1", "cpus:3;mem:1024")).Tasks, t => Assert.True(t.Launched));

        // A share 0.222 (mem), B share 0.333 (cpus 3/9).
        Assert.Equal(3.0 / 9, h.Allocator.FrameworkShare(b, "*"), 9);
        offer = Assert.Single(h.Allocate());
        Assert.Equal(a, offer.Framework);
        Assert.Equal(R("cpus:5;mem:13312"), offer.Resources);
        Assert.All(h.Launch(a, offer, ("a2", "cpus:1;mem:4096")).Tasks, t => Assert.True(t.Launched));

        // A share 0.444 (mem 8/18), B share 0.333 (cpus).
        offer = Assert.Single(h.Allocate());
        Assert.Equal(b, offer.Framework);
        Assert.Equal(R("cpus:4;mem:9216"), offer.Resources);
        Assert.All(h.Launch(b, offer, ("b2", "cpus:3;mem:1024")).Tasks, t => Assert.True(t.Launched));

        // A share 0.444 (mem), B share 0.667 (cpus 6/9).
        offer = Assert.Single(h.Allocate());
        Assert.Equal(a, offer.Framework);
        Assert.Equal(R("cpus:1;mem:8192"), offer.Resources);
        Assert.All(h.Launch(a, offer, ("a3", "cpus:1;mem:4096")).Tasks, t => Assert.True(t.Launched));

        // A share 0.667 (mem 12/18), B share 0.667 (cpus 6/9): equal dominant shares, as DRF promises.
        Assert.Equal(12.0 / 18, h.Allocator.FrameworkShare(a, "*"), 9);
        Assert.Equal(6.0 / 9, h.Allocator.FrameworkShare(b, "*"), 9);

        // What is left, <0 CPU, 4 GB>, is still offerable (mem:32 is allocatable) but holds no task
        // of either framework: whoever gets it declines, and the ledger stays at 3 and 2 tasks.
        offer = Assert.Single(h.Allocate());
        Assert.Equal(R("mem:4096"), offer.Resources);
        h.Decline(offer.Framework, offer, refuseSeconds: 0);
        Assert.Equal(5, h.Allocator.TaskCount);
        Assert.Equal(3, h.Allocator.FrameworkAllocated(a, "*", "cpus"));
        Assert.Equal(12288, h.Allocator.FrameworkAllocated(a, "*", "mem"));
        Assert.Equal(6, h.Allocator.FrameworkAllocated(b, "*", "cpus"));
        Assert.Equal(2048, h.Allocator.FrameworkAllocated(b, "*", "mem"));
    }

    [Fact]
    public void Two_frameworks_in_one_role_get_alternating_agents_within_one_run()
    {
        var h = new EngineHarness();
        int fw1 = h.Framework("fw1", "web");
        int fw2 = h.Framework("fw2", "web");
        for (int i = 0; i < 6; i++)
            h.Agent($"agent{i}", "cpus:2;mem:1024");

        // One run over six equal agents. Each offer is a whole agent and moves its framework behind
        // the other in the framework sorter:
        // fw1 share 0,   fw2 share 0   -> fw1 (tie, lower slot)
        // fw1 share 1/6, fw2 share 0   -> fw2
        // fw1 share 1/6, fw2 share 1/6 -> fw1 (tie on share and count, lower slot), and so on.
        List<OfferInfo> offers = h.Allocate();
        Assert.Equal(6, offers.Count);
        for (int i = 0; i < offers.Count; i++)
        {
            Assert.Equal(i % 2 == 0 ? fw1 : fw2, offers[i].Framework);
            Assert.Equal("web", offers[i].Role);
            Assert.Equal(R("cpus:2;mem:1024"), offers[i].Resources);
        }

        // fw1 share 0.5, fw2 share 0.5; every agent is offered exactly once.
        Assert.Equal(0.5, h.Allocator.FrameworkShare(fw1, "web"), 9);
        Assert.Equal(0.5, h.Allocator.FrameworkShare(fw2, "web"), 9);
        var agents = new HashSet<int>();
        foreach (OfferInfo o in offers)
            Assert.True(agents.Add(o.Agent));
    }

    [Fact]
    public void Returned_resources_go_to_the_lower_share_first_and_the_order_is_resorted_after_each_offer()
    {
        var h = new EngineHarness();
        int fw1 = h.Framework("fw1");
        int fw2 = h.Framework("fw2");
        h.Agent("agent1", "cpus:4;mem:4096");
        h.Agent("agent2", "cpus:4;mem:4096");

        // One run: fw1 gets one agent, fw2 the other.
        List<OfferInfo> offers = h.Allocate();
        Assert.Equal(2, offers.Count);
        OfferInfo of1 = Assert.Single(offers, o => o.Framework == fw1);
        OfferInfo of2 = Assert.Single(offers, o => o.Framework == fw2);

        // fw1 launches <1 CPU, 1 GB>; fw2 declines everything.
        h.Launch(fw1, of1, ("t1", "cpus:1;mem:1024"));
        h.Decline(fw2, of2, refuseSeconds: 0);

        // fw1 share 0.125 (1/8 of cpus and mem), fw2 share 0: the first agent visited goes to fw2,
        // which then holds at least 3/8 (the leftover) and falls behind fw1 for the second agent.
        offers = h.Allocate();
        Assert.Equal(2, offers.Count);
        Assert.Equal(fw2, offers[0].Framework);
        Assert.Equal(fw1, offers[1].Framework);
        var resources = new HashSet<string> { offers[0].Resources.ToString(), offers[1].Resources.ToString() };
        Assert.Equal(new HashSet<string> { R("cpus:3;mem:3072").ToString(), R("cpus:4;mem:4096").ToString() }, resources);
    }

    [Fact]
    public void Role_with_weight_two_gets_twice_the_agents_of_a_role_with_weight_one()
    {
        var h = new EngineHarness();
        int heavy = h.Framework("heavy-fw", "heavy");
        int light = h.Framework("light-fw", "light");
        h.Allocator.SetWeight("heavy", 2);
        for (int i = 0; i < 30; i++)
            h.Agent($"agent{i}", "cpus:1;mem:1024");

        // Role share = allocation share ÷ weight, with u = 1/30 (one agent):
        // heavy 0,    light 0  -> heavy (tie, lower slot); heavy 0.5u
        // heavy 0.5u, light 0  -> light;                   light 1u
        // heavy 0.5u, light 1u -> heavy;                   heavy 1u
        // heavy 1u,   light 1u -> light (tie, fewer allocations); then heavy, heavy, light, ...
        List<OfferInfo> offers = h.Allocate();
        Assert.Equal(30, offers.Count);
        int heavyAgents = 0, lightAgents = 0;
        foreach (OfferInfo o in offers)
        {
            if (o.Framework == heavy)
                heavyAgents++;
            else if (o.Framework == light)
                lightAgents++;
        }
        Assert.Equal(20, heavyAgents);
        Assert.Equal(10, lightAgents);

        // heavy share 20/30, light share 10/30: weighted shares are equal.
        Assert.Equal(20.0 / 30, h.Allocator.FrameworkShare(heavy, "heavy"), 9);
        Assert.Equal(10.0 / 30, h.Allocator.FrameworkShare(light, "light"), 9);
    }

    [Fact]
    public void Hierarchical_roles_share_at_each_level()
    {
        var h = new EngineHarness();
        int ab = h.Framework("fw-ab", "a/b");
        int ac = h.Framework("fw-ac", "a/c");
        int d = h.Framework("fw-d", "d");
        for (int i = 0; i < 8; i++)
            h.Agent($"agent{i}", "cpus:1;mem:1024");

        // The role sorter compares a (= a/b + a/c) with d; inside a, a/b with a/c. u = 1/8.
        // a 0,  d 0  -> a (tie, lower slot); inside a: a/b 0, a/c 0 -> a/b
        // a 1u, d 0  -> d
        // a 1u, d 1u -> a (tie);             inside a: a/b 1u, a/c 0 -> a/c
        // a 2u, d 1u -> d
        // a 2u, d 2u -> a;                   inside a: a/b 1u, a/c 1u -> a/b (tie) ...
        List<OfferInfo> offers = h.Allocate();
        var roles = new List<string>();
        foreach (OfferInfo o in offers)
            roles.Add(o.Role);
        Assert.Equal(["a/b", "d", "a/c", "d", "a/b", "d", "a/c", "d"], roles);

        // a share 0.5 = a/b 0.25 + a/c 0.25; d share 0.5.
        Assert.Equal(0.25, h.Allocator.FrameworkShare(ab, "a/b"), 9);
        Assert.Equal(0.25, h.Allocator.FrameworkShare(ac, "a/c"), 9);
        Assert.Equal(0.5, h.Allocator.FrameworkShare(d, "d"), 9);
    }

    [Fact]
    public void A_framework_in_two_roles_is_sorted_separately_in_each()
    {
        var h = new EngineHarness();
        int multi = h.Allocator.AddFramework("multi", ["x", "y"], FrameworkCapabilities.MultiRole);
        int other = h.Framework("other", "y");
        for (int i = 0; i < 4; i++)
            h.Agent($"agent{i}", "cpus:1;mem:1024");

        // x 0, y 0 -> x (lower slot): multi/x gets an agent; x 1/4, y 0 -> y: multi/y (lower slot
        // than other) gets one; x 1/4, y 1/4 -> x again; x 2/4, y 1/4 -> y: other (share 0 in y).
        List<OfferInfo> offers = h.Allocate();
        Assert.Equal(4, offers.Count);
        Assert.Equal((multi, "x"), (offers[0].Framework, offers[0].Role));
        Assert.Equal((multi, "y"), (offers[1].Framework, offers[1].Role));
        Assert.Equal((multi, "x"), (offers[2].Framework, offers[2].Role));
        Assert.Equal((other, "y"), (offers[3].Framework, offers[3].Role));
        Assert.Equal(0.5, h.Allocator.FrameworkShare(multi, "x"), 9);
        Assert.Equal(0.25, h.Allocator.FrameworkShare(multi, "y"), 9);
    }
}

using FastMesos.Apps.Deployments;

namespace FastMesos.Apps.Tests;

// specs/marathon.md §5.2 worked examples and §14 scenarios #23/#24, played event by event.
public sealed class DeploymentsTaskReplacementTests
{
    [Fact]
    public void Default_strategy_starts_all_new_at_once_and_kills_one_old_per_healthy_new()
    {
        var sim = new DeploymentsReplacementSimulator(3, 1.0, 1.0, false, old: 3);
        Assert.Equal(["launch new-0", "launch new-1", "launch new-2"], sim.Log);
        Assert.Equal(6, sim.Instances);

        sim.NewBecomesHealthy("new-0");
        Assert.Equal(["old-0"], sim.Killing);
        sim.KillCompletes("old-0");
        Assert.Equal(5, sim.Instances);
        sim.FinishAndAssert(maxInstances: 6, minHealthy: 3);
    }

    // Scenario #23.
    [Fact]
    public void Full_health_no_over_capacity_replaces_strictly_one_at_a_time()
    {
        var sim = new DeploymentsReplacementSimulator(3, 1.0, 0.0, false, old: 3);
        Assert.Equal(["launch new-0"], sim.Log);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(4, sim.Instances);
            sim.NewBecomesHealthy($"new-{i}");
            Assert.Equal([$"old-{i}"], sim.Killing);
            Assert.Equal(4, sim.Instances);
            Assert.False(sim.Done);
            sim.KillCompletes($"old-{i}");
        }
        Assert.True(sim.Done);
        Assert.Equal(3, sim.NewCount);
        Assert.Empty(sim.OldActive);
        Assert.Equal(4, sim.MaxInstancesSeen);
        Assert.Equal(3, sim.MinHealthySeen);
    }

    // Scenario #24.
    [Fact]
    public void Half_health_twenty_percent_over_kills_five_up_front_and_stays_within_bounds()
    {
        var sim = new DeploymentsReplacementSimulator(10, 0.5, 0.2, false, old: 10);
        Assert.Equal(5, sim.Killing.Count);
        Assert.Equal(2, sim.NewCount);        // 12 - 10: old ones count until terminal
        Assert.Equal(12, sim.Instances);

        foreach (string id in new List<string>(sim.Killing))
            sim.KillCompletes(id);
        Assert.Equal(7, sim.NewCount);        // one more per terminated old: 7 new + 5 old
        Assert.Equal(12, sim.Instances);
        Assert.Equal(5, sim.Healthy);

        sim.NewBecomesHealthy("new-0");
        Assert.Single(sim.Killing);
        sim.KillCompletes(Assert.Single(sim.Killing));
        Assert.Equal(8, sim.NewCount);

        sim.FinishAndAssert(maxInstances: 12, minHealthy: 5);
    }

    [Fact]
    public void Zero_health_zero_over_kills_everything_and_starts_as_old_ones_end()
    {
        var sim = new DeploymentsReplacementSimulator(3, 0.0, 0.0, false, old: 3);
        Assert.Equal(3, sim.Killing.Count);
        Assert.Equal(0, sim.NewCount);
        sim.KillCompletes("old-1");
        Assert.Equal(1, sim.NewCount);
        sim.FinishAndAssert(maxInstances: 3, minHealthy: 0);
    }

    [Fact]
    public void Resident_full_health_dips_one_below_and_never_exceeds_capacity()
    {
        var sim = new DeploymentsReplacementSimulator(3, 1.0, 0.0, true, old: 3);
        Assert.Single(sim.Killing);
        Assert.Equal(0, sim.NewCount);
        sim.FinishAndAssert(maxInstances: 3, minHealthy: 2);
    }

    [Fact]
    public void Unhealthy_old_instances_are_killed_first()
    {
        // N=4 (0.5, 0): H = 3 (old-0 unhealthy), kill 3 - 2 = 1: the unhealthy one.
        var sim = new DeploymentsReplacementSimulator(4, 0.5, 0.0, false, old: 4, unhealthyOld: 1);
        Assert.Equal(["old-0"], sim.Killing);
        sim.RunToCompletion();
        Assert.True(sim.Done);
    }

    [Fact]
    public void An_old_instance_dying_by_itself_is_replaced_by_a_new_one_and_not_killed_again()
    {
        var sim = new DeploymentsReplacementSimulator(3, 1.0, 0.0, false, old: 3);
        sim.OldDiesItself("old-0");
        Assert.Equal(2, sim.NewCount);        // capacity 4 - 2 old
        sim.NewBecomesHealthy("new-0");
        Assert.Equal(["old-1"], sim.Killing);
        sim.RunToCompletion();
        Assert.True(sim.Done);
        Assert.DoesNotContain("kill old-0", sim.Log);
    }

    [Fact]
    public void A_failed_new_instance_is_relaunched()
    {
        var sim = new DeploymentsReplacementSimulator(3, 1.0, 0.0, false, old: 3);
        sim.NewFails("new-0");
        Assert.Equal(["launch new-0", "failed new-0", "launch new-1"], sim.Log);
        sim.RunToCompletion();
        Assert.True(sim.Done);
    }

    [Fact]
    public void Duplicate_events_change_nothing()
    {
        var sim = new DeploymentsReplacementSimulator(2, 1.0, 0.0, false, old: 2);
        sim.NewBecomesHealthy("new-0");
        ReplacementOrder again = sim.Replacement.OnNewHealthy("new-0");
        Assert.True(again.IsIdle);
        Assert.Equal(1, sim.Replacement.NewHealthy);
        Assert.True(sim.Replacement.OnNewTerminal("unknown").IsIdle);
        Assert.Equal(1, sim.Replacement.Started);
        sim.KillCompletes("old-0");
        sim.NewFails("new-1");
        Assert.True(sim.Replacement.OnNewTerminal("new-1").IsIdle);
    }

    [Fact]
    public void A_resumed_restart_counts_existing_new_instances()
    {
        // After failover: 2 old left, 1 new already healthy, N=3 (1, 0).
        var replacement = new TaskReplacement(3, 1.0, 0.0, false,
            [new ReplacedInstance("old-1", true), new ReplacedInstance("old-2", true)],
            [new ReplacedInstance("new-0", true)]);
        ReplacementOrder first = replacement.Start();
        Assert.Empty(first.Kill);
        Assert.Equal(1, first.Launch);   // maxCapacity 4 - 2 old - 1 new
        Assert.False(first.Done);
    }

    [Fact]
    public void No_old_instances_and_nothing_to_start_is_done_at_once()
    {
        var replacement = new TaskReplacement(0, 1.0, 1.0, false, []);
        Assert.True(replacement.Start().Done);
    }

    [Fact]
    public void A_replacement_counts_the_healthy_it_started_with_and_says_when_it_first_orders()
    {
        // N=3, (1, 0), one old counted unhealthy: no spare capacity, so nothing is ordered, and the
        // caller may compute it again once that instance turns out healthy.
        ReplacedInstance[] old = [new("old-0", false), new("old-1", true), new("old-2", true)];
        var stuck = new TaskReplacement(3, 1.0, 0.0, false, old);
        Assert.True(stuck.Start().IsIdle);
        Assert.Equal(2, stuck.HealthyAtStart);
        Assert.False(stuck.HasOrdered);
        Assert.Equal(0, stuck.Started);

        // All healthy: the first order launches one, and the replacement has ordered.
        var moving = new TaskReplacement(3, 1.0, 0.0, false, [new("old-0", true), new("old-1", true), new("old-2", true)]);
        Assert.Equal(3, moving.HealthyAtStart);
        Assert.Equal(1, moving.Start().Launch);
        Assert.True(moving.HasOrdered);

        // An up-front kill counts as ordering too; new instances that existed at start do not.
        var killing = new TaskReplacement(2, 0.5, 0.0, false, [new("old-0", true), new("old-1", true)], [new("new-0", false)]);
        Assert.False(killing.HasOrdered);
        ReplacementOrder first = killing.Start();
        Assert.Equal(!first.IsIdle, killing.HasOrdered);
        Assert.Equal(1 + first.Launch, killing.Started);
    }
}

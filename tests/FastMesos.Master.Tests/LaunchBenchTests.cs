using FastMesos.Simulator.Launch;

namespace FastMesos.Master.Tests;

/// <summary>
/// Scenario B's harness (<c>sim launch</c>): the master's engine with fake agents and frameworks
/// runs every task, each framework launches exactly its share, and a cluster too small for the
/// tasks ends after its bounded number of allocation runs and says so.
/// </summary>
public sealed class LaunchBenchTests
{
    [Fact]
    public void Every_task_runs_and_each_framework_launches_its_share()
    {
        LaunchResult r = LaunchBench.Run(new LaunchSpec { Agents = 50, Frameworks = 4, TasksPerFramework = 300 });

        Assert.True(r.Ok);
        Assert.Equal(50, r.Registered);
        Assert.Equal(1200, r.Tasks);
        Assert.Equal(1200, r.TasksRunning);
        Assert.InRange(r.AllocationRuns, 1, 10);
        Assert.True(r.Offers >= 8, $"{r.Offers} offers");
        Assert.True(r.P99Ms >= r.P50Ms);
        // The master's share is part of the whole run's allocations, and a task costs it something.
        Assert.InRange(r.MasterAllocatedBytesPerTask, 1, r.AllocatedBytesPerTask);
    }

    [Fact]
    public void A_cluster_too_small_stops_after_its_allocation_runs_and_is_not_ok()
    {
        // One agent holds 160 tasks of cpus:0.1; 2 × 100 do not fit.
        LaunchResult r = LaunchBench.Run(new LaunchSpec { Agents = 1, Frameworks = 2, TasksPerFramework = 100, MaxAllocationRuns = 20 });

        Assert.False(r.Ok);
        Assert.Equal(160, r.TasksRunning);
        Assert.Equal(20, r.AllocationRuns);
    }
}

using FastMesos.Simulator.Failover;

namespace FastMesos.Master.Tests;

/// <summary>
/// `sim failover` at a small scale, so CI exercises the benchmark's whole path: a first master
/// populated through re-registrations and stored, a second master recovering the registry, and
/// every agent back with its id, its tasks and its history of completed ones. Timings are not asserted (they are measured, not tested).
/// </summary>
public sealed class FailoverBenchmarkSmokeTests
{
    [Fact]
    public async Task Every_agent_and_task_comes_back_after_the_failover()
    {
        var spec = new FailoverSpec
        {
            Agents = 200, TasksPerAgent = 5, Frameworks = 3, LabelsPerTask = 2, CompletedTasksPerAgent = 30, PhaseTimeout = TimeSpan.FromSeconds(60),
        };

        FailoverResult result = await FailoverRunner.RunAsync(spec);

        Assert.Equal(200, result.Reregistered);
        Assert.Equal(1000, result.Tasks);
        Assert.Equal(1000, result.RunningTasks);
        Assert.Equal(0, result.LostTasks);
        Assert.Equal(0, result.Unreachable);
        Assert.Equal(0, result.AgentsWithOtherId);
        Assert.False(result.RecoveringAfter);
        Assert.True(result.RegistryBytes > 0);
        // 6,000 completed tasks reported over the 3 frameworks: each keeps its newest 1,000.
        Assert.Equal("D-200-1000-6000", result.Name);
        Assert.Equal(6000, result.CompletedTasks);
        Assert.Equal(3000, result.CompletedTasksKept);
        Assert.True(result.Ok);
    }
}

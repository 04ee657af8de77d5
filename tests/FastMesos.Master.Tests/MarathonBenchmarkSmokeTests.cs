using FastMesos.Simulator.Marathon;

namespace FastMesos.Master.Tests;

/// <summary>
/// `sim marathon` at a small scale, so CI exercises the benchmark's whole path: a master with
/// in-process agents, Marathon over the in-process transport with its REST API on loopback, apps
/// created and scaled through HTTP, every instance RUNNING and no launch beyond the target. Timings
/// are not asserted (they are measured, not tested).
/// </summary>
public sealed class MarathonBenchmarkSmokeTests
{
    [Fact]
    public async Task Every_instance_of_every_deployed_app_runs()
    {
        var spec = new MarathonBenchSpec { Scenario = "deploy", Apps = 2, Instances = 20, Agents = 10, WarmupInstances = 5, MaxInstancesPerOffer = 5, MinWorkerThreads = 0, Timeout = TimeSpan.FromSeconds(60) };

        MarathonBenchResult result = await MarathonBenchRunner.RunAsync(spec);

        Assert.Equal(40, result.Running);
        Assert.Equal(40, result.Launched);
        Assert.False(result.OverScaled);
        Assert.Equal(0, result.DeploymentsLeft);
        Assert.True(result.Ok);
    }

    [Fact]
    public async Task Scaling_one_app_launches_exactly_the_target()
    {
        var spec = new MarathonBenchSpec { Scenario = "scale", Instances = 50, Agents = 10, WarmupInstances = 0, MaxInstancesPerOffer = 5, MinWorkerThreads = 0, Timeout = TimeSpan.FromSeconds(60) };

        MarathonBenchResult result = await MarathonBenchRunner.RunAsync(spec);

        Assert.Equal(50, result.Running);
        Assert.Equal(50, result.Launched);
        Assert.False(result.OverScaled);
        Assert.True(result.Ok);
    }
}

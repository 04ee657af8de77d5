using FastMesos.Simulator.Events;
using FastMesos.Simulator.Marathon;

namespace FastMesos.Master.Tests;

/// <summary>
/// `sim marathon --scenario health` and `sim events` at a small scale, so CI exercises both
/// benchmarks' whole paths. Only machine-independent outcomes are asserted: every probe passed,
/// every instance healthy, every event delivered to every subscriber. Timings are measured, not tested.
/// </summary>
public sealed class HealthAndEventsBenchmarkSmokeTests
{
    [Fact]
    public async Task Every_checked_instance_is_probed_and_healthy()
    {
        var spec = new MarathonBenchSpec
        {
            Scenario = "health", Apps = 1, Instances = 20, DeployInstances = 5, Agents = 4, WarmupInstances = 0,
            MaxInstancesPerOffer = 10, Seconds = 2, TargetInProcess = true, Timeout = TimeSpan.FromSeconds(60),
        };

        HealthBenchResult result = await HealthBenchRunner.RunAsync(spec);

        Assert.Equal(20, result.Healthy);
        Assert.True(result.Probes > 0);
        Assert.Equal(0, result.ProbeFailures);
        Assert.True(result.TargetServed >= result.Probes);
        Assert.True(result.Ok);
    }

    [Fact]
    public async Task Every_event_reaches_every_subscriber()
    {
        EventsBenchResult result = await EventsBenchRunner.RunAsync(subscribers: 5, rate: 100, seconds: 1);

        Assert.Equal(100, result.EventsPublished);
        Assert.Equal(500, result.Delivered);
        Assert.Equal(0, result.Disconnected);
        Assert.True(result.Ok);
    }
}

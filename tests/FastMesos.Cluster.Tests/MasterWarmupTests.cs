using System.Text.Json;
using FastMesos.Cluster.Tests.Support;

namespace FastMesos.Cluster.Tests;

/// <summary>
/// <c>fastmesos master --warmup_agents=N</c> as a real process: the loopback agents register and
/// re-register with throwaway masters before it listens, so the master that listens knows none of
/// them, and a real agent then registers with it as with any other master.
/// </summary>
public sealed class MasterWarmupTests
{
    [Fact]
    public async Task A_warmed_up_master_listens_with_nothing_of_the_warm_up_and_serves_a_real_agent()
    {
        await using ClusterHarness harness = await ClusterHarness.StartAsync();
        ChildProcess master = harness.StartProcess("master", "--ip=127.0.0.1", "--port=0", "--allocation_interval=50ms", "--warmup_agents=200");
        string line = await master.WaitForLineAsync(l => l.StartsWith("Master listening on ", StringComparison.Ordinal), "the master's listening line");
        var url = new Uri(line["Master listening on ".Length..].Trim());
        Assert.Contains("Warmed up with 200 loopback agents", master.Stderr, StringComparison.Ordinal);

        using (JsonDocument state = await ClusterHarness.GetJsonAsync(new Uri(url, "master/state")))
        {
            Assert.Equal(0, state.RootElement.GetProperty("slaves").GetArrayLength());
            Assert.Equal(0, state.RootElement.GetProperty("frameworks").GetArrayLength());
            Assert.Equal(0, state.RootElement.GetProperty("unregistered_frameworks").GetArrayLength());
        }

        using (JsonDocument metrics = await ClusterHarness.GetJsonAsync(new Uri(url, "metrics/snapshot")))
        {
            Assert.Equal(0, metrics.RootElement.GetProperty("master/slaves_active").GetDouble());
            Assert.Equal(0, metrics.RootElement.GetProperty("master/tasks_running").GetDouble());
        }

        await ClusterHarness.StartAgentProcessAsync(harness.StartProcess, $"127.0.0.1:{url.Port}", harness.NewDirectory("agent"),
            "cpus:1;mem:256;disk:100", $"{harness.CgroupsPrefix}-warmup");
        await Eventually.Until(async () =>
        {
            using JsonDocument metrics = await ClusterHarness.GetJsonAsync(new Uri(url, "metrics/snapshot"));
            return metrics.RootElement.GetProperty("master/slaves_active").GetDouble() == 1;
        }, "the real agent to register with the warmed-up master");
    }
}

using FastMesos.Cluster.Tests.Support;
using FastMesos.Messages;

namespace FastMesos.Cluster.Tests;

/// <summary>The memory cgroup's limit through the whole stack: an OOM kill reaches the framework as a container limitation.</summary>
public sealed class MemoryLimitTests
{
    [Fact]
    public async Task A_task_that_outgrows_its_memory_fails_with_the_memory_limitation_reason()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync("cpus:1;mem:512;disk:100");
        var scheduler = new RecordingScheduler { OnOffers = RecordingScheduler.LaunchOnce(offer => ClusterHarness.ShellTask("hog", offer, "x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo survived", "cpus:0.1;mem:32")) };
        await cluster.SubscribeAsync(ClusterHarness.Framework("hog"), scheduler);

        FastMesos.Messages.TaskStatus end = await scheduler.WaitForTerminal("hog", TimeSpan.FromSeconds(60));

        Assert.True(end.State == TaskState.Failed, scheduler.Describe("hog") + "\n" + cluster.LogText());
        Assert.Equal(TaskStatusReason.ContainerLimitationMemory, end.Reason);
        Assert.Contains("Memory limit exceeded", end.Message, StringComparison.Ordinal);
        Assert.Empty(TestCgroups.Pids(cluster.CgroupsPrefix));
    }
}

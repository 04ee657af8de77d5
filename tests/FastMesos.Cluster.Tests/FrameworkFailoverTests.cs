using System.Text.Json;
using FastMesos.Cluster.Tests.Support;
using FastMesos.Messages;
using FastMesos.Scheduler;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Cluster.Tests;

/// <summary>A scheduler that goes away without a teardown: its framework and tasks wait for it for failover_timeout.</summary>
public sealed class FrameworkFailoverTests
{
    [Fact]
    public async Task A_new_driver_with_the_framework_id_within_the_failover_timeout_finds_the_task_running()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync("cpus:1;mem:256;disk:100");
        (SchedulerDriver first, RecordingScheduler scheduler, FrameworkId id) = await RunSleeperAsync(cluster, failoverTimeoutSeconds: 60);
        int sleep = await TestCgroups.SleepPidAsync(cluster.CgroupsPrefix);

        await first.DisposeAsync();   // failover: no teardown
        await Eventually.Until(() => cluster.Master.Server.Read(core => core.FindFramework(id.Value) is { Connected: false }), "the master to see the scheduler gone");

        (SchedulerDriver second, RecordingScheduler successor) = await cluster.SubscribeAsync(
            ClusterHarness.Framework("failover", failoverTimeoutSeconds: 60) with { Id = id });
        Assert.Equal(id, second.FrameworkId);
        Assert.True(second.Reconcile([new ReconcileTask(new TaskId("sleeper"))]));
        MesosTaskStatus reconciled = await successor.WaitFor("sleeper", TaskState.Running);
        Assert.Equal(TaskStatusReason.Reconciliation, reconciled.Reason);
        Assert.Equal(TaskState.Running, cluster.MasterTaskState(id.Value, "sleeper"));
        Assert.True(TestCgroups.IsAlive(sleep), "the task's process died during the failover");
        Assert.DoesNotContain(scheduler.Updates, s => s.State.IsTerminal());
    }

    [Fact]
    public async Task After_the_failover_timeout_the_task_is_killed_and_the_framework_id_is_refused()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync("cpus:1;mem:256;disk:100");
        (SchedulerDriver first, _, FrameworkId id) = await RunSleeperAsync(cluster, failoverTimeoutSeconds: 1);
        int sleep = await TestCgroups.SleepPidAsync(cluster.CgroupsPrefix);

        await first.DisposeAsync();

        await Eventually.Until(() => cluster.Master.Server.Read(core => core.FindFramework(id.Value) is null), "the framework to be removed after its failover timeout");
        await Eventually.Until(() => !TestCgroups.IsAlive(sleep) && TestCgroups.Pids(cluster.CgroupsPrefix).Count == 0, "the task's processes to be killed");
        using (JsonDocument state = await cluster.MasterStateAsync())
        {
            JsonElement completed = Assert.Single(state.RootElement.GetProperty("completed_frameworks").EnumerateArray());
            Assert.Equal(id.Value, completed.GetProperty("id").GetString());
            JsonElement task = Assert.Single(completed.GetProperty("completed_tasks").EnumerateArray());
            Assert.Equal("TASK_KILLED", task.GetProperty("state").GetString());
        }

        var refused = new RecordingScheduler();
        await using var late = new SchedulerDriver(new SchedulerDriverOptions
        {
            Master = cluster.Master.EndPoint,
            Framework = ClusterHarness.Framework("failover", failoverTimeoutSeconds: 1) with { Id = id },
        }, refused);
        late.Start();
        SchedulerDriverState end = await late.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(SchedulerDriverState.Aborted, end);
        Assert.Contains("removed", late.AbortReason, StringComparison.Ordinal);
        Assert.Empty(refused.Subscriptions);
    }

    /// <summary>Subscribes a framework and runs one <c>sleep 300</c> task; returns when it runs.</summary>
    private static async Task<(SchedulerDriver, RecordingScheduler, FrameworkId)> RunSleeperAsync(ClusterHarness cluster, double failoverTimeoutSeconds)
    {
        var scheduler = new RecordingScheduler { OnOffers = RecordingScheduler.LaunchOnce(offer => ClusterHarness.ShellTask("sleeper", offer, "sleep 300")) };
        (SchedulerDriver driver, _) = await cluster.SubscribeAsync(ClusterHarness.Framework("failover", failoverTimeoutSeconds: failoverTimeoutSeconds), scheduler);
        await scheduler.WaitFor("sleeper", TaskState.Running);
        return (driver, scheduler, driver.FrameworkId!.Value);
    }
}

using FastMesos.Cluster.Tests.Support;
using FastMesos.Messages;
using FastMesos.Scheduler;
using FrameworkCapabilities = FastMesos.Messages.FrameworkCapabilities;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Cluster.Tests;

/// <summary>Launches the master must refuse, sent through the real driver, master and agent.</summary>
public sealed class InvalidLaunchTests
{
    [Fact]
    public async Task Invalid_tasks_are_errors_with_a_message_and_the_valid_task_of_the_same_accept_still_runs()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync("cpus:1;mem:256;disk:100");
        (SchedulerDriver driver, RecordingScheduler scheduler) = await cluster.SubscribeAsync(ClusterHarness.Framework("invalid"));
        Offer offer = await Eventually.First(() => scheduler.AllOffers, _ => true, "an offer");

        TaskInfo good = ClusterHarness.ShellTask("good", offer, "echo good");
        driver.Launch(offer.Id,
        [
            good,
            good,                                                                        // duplicate task id
            ClusterHarness.ShellTask("empty", offer, "echo empty") with { Resources = Resources.Empty },
            ClusterHarness.ShellTask("too-big", offer, "echo big", "cpus:64;mem:32"),   // not in the offer
        ]);

        await scheduler.WaitFor("good", TaskState.Finished);
        AssertError(await scheduler.WaitFor("good", TaskState.Error), "duplicate");
        AssertError(await scheduler.WaitFor("empty", TaskState.Error), "no resources");
        AssertError(await scheduler.WaitFor("too-big", TaskState.Error), "");
        Assert.Null(cluster.MasterTaskState(driver.FrameworkId!.Value.Value, "empty"));
    }

    [Theory]
    [InlineData(false, TaskState.Lost)]
    [InlineData(true, TaskState.Dropped)]
    public async Task A_launch_on_an_unknown_offer_is_lost_or_dropped_for_invalid_offers(bool partitionAware, TaskState expected)
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync("cpus:1;mem:256;disk:100");
        FrameworkInfo framework = ClusterHarness.Framework("ghost", capabilities: partitionAware ? FrameworkCapabilities.PartitionAware : FrameworkCapabilities.None);
        (SchedulerDriver driver, RecordingScheduler scheduler) = await cluster.SubscribeAsync(framework);
        Offer offer = await Eventually.First(() => scheduler.AllOffers, _ => true, "an offer");

        var unknown = new OfferId(offer.Id.Value + "99");
        Assert.True(driver.Launch(unknown, [ClusterHarness.ShellTask("ghost", offer, "echo ghost")]));

        MesosTaskStatus status = await scheduler.WaitFor("ghost", expected);
        Assert.Equal(TaskStatusReason.InvalidOffers, status.Reason);
        Assert.False(string.IsNullOrEmpty(status.Message));
        Assert.Single(scheduler.UpdatesOf("ghost"));
        // The real offer is untouched: it still launches.
        driver.Launch(offer.Id, [ClusterHarness.ShellTask("real", offer, "echo real")]);
        await scheduler.WaitFor("real", TaskState.Finished);
    }

    private static void AssertError(MesosTaskStatus status, string message)
    {
        Assert.Equal(TaskStatusReason.TaskInvalid, status.Reason);
        Assert.False(string.IsNullOrEmpty(status.Message), "a TASK_ERROR names what was wrong");
        Assert.Contains(message, status.Message, StringComparison.OrdinalIgnoreCase);
    }
}

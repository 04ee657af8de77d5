using FastMesos.Master;
using FastMesos.Messages;
using Microsoft.Extensions.Time.Testing;

namespace FastMesos.Scheduler.Tests;

/// <summary>Offer filters, failover and reconnects: the driver's behaviour across time and connections.</summary>
public sealed class SchedulerDriverFailoverTests
{
    [Fact]
    public async Task Declined_agent_is_not_offered_again_before_refuse_seconds()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using MasterServer master = await TestMaster.StartAsync(clock, heartbeat: TimeSpan.FromDays(1), agentPing: TimeSpan.FromDays(1));
        await using FakeAgent agent = await FakeAgent.StartAsync(master.LocalEndPoint);
        var recorder = new RecordingScheduler();
        await using SchedulerDriver driver = DriverHarness.Driver(master, recorder);
        await driver.StartAsync();
        Offer first = await Eventually.First(() => recorder.AllOffers, _ => true, "the first offer");

        Assert.True(driver.Decline(first.Id, refuseSeconds: 3600));
        await Eventually.Until(() => master.Read(core => !core.OutstandingOffers.Any()), "the decline processed");

        // Periodic allocation runs over every agent; the filter must keep this one out.
        long runs = master.Read(core => core.Allocator.AllocationRuns);
        clock.Advance(TimeSpan.FromSeconds(30));
        await Eventually.Until(() => master.Read(core => core.Allocator.AllocationRuns) > runs, "an allocation run");
        Assert.False(master.Read(core => core.OutstandingOffers.Any()));
        Assert.Single(recorder.AllOffers);

        clock.Advance(TimeSpan.FromSeconds(3600));
        Offer again = await Eventually.First(() => recorder.AllOffers, o => o.Id != first.Id, "a new offer after the filter expired");
        Assert.Equal(agent.AgentId, again.AgentId);
    }

    [Fact]
    public async Task Revive_clears_the_filter()
    {
        await using MasterServer master = await TestMaster.StartAsync();
        await using FakeAgent agent = await FakeAgent.StartAsync(master.LocalEndPoint);
        var recorder = new RecordingScheduler();
        await using SchedulerDriver driver = DriverHarness.Driver(master, recorder);
        await driver.StartAsync();
        Offer first = await Eventually.First(() => recorder.AllOffers, _ => true, "the first offer");
        driver.Decline(first.Id, refuseSeconds: 3600);
        await Eventually.Until(() => master.Read(core => !core.OutstandingOffers.Any()), "the decline processed");

        Assert.True(driver.Revive());

        await Eventually.First(() => recorder.AllOffers, o => o.Id != first.Id, "an offer after revive");
    }

    [Fact]
    public async Task A_new_driver_with_the_framework_id_takes_over_its_tasks()
    {
        await using MasterServer master = await TestMaster.StartAsync();
        await using FakeAgent agent = await FakeAgent.StartAsync(master.LocalEndPoint);
        var first = new RecordingScheduler();
        SchedulerDriver driver1 = DriverHarness.Driver(master, first, DriverHarness.Framework(failoverTimeout: 3600));
        await driver1.StartAsync();
        Offer offer = await Eventually.First(() => first.AllOffers, _ => true, "an offer");
        driver1.Launch(offer.Id, [DriverHarness.Task("keep-me", offer, "sleep 1000")]);
        await Eventually.Until(() => first.Updates.Any(u => u.State == TaskState.Running), "TASK_RUNNING");
        FrameworkId id = driver1.FrameworkId!.Value;

        await driver1.StopAsync(failover: true);
        await Eventually.Until(() => master.Read(core => core.FindFramework(id.Value) is { Connected: false }), "the master saw the disconnect");

        var second = new RecordingScheduler();
        await using SchedulerDriver driver2 = DriverHarness.Driver(master, second, DriverHarness.Framework(failoverTimeout: 3600, id: id));
        SubscribedEvent subscribed = await driver2.StartAsync();
        Assert.Equal(id, subscribed.FrameworkId);
        Assert.True(driver2.Reconcile());

        await Eventually.Until(() => second.Updates.Any(u => u.TaskId.Value == "keep-me" && u.State == TaskState.Running), "the task reconciled as running");
        Assert.Empty(agent.FrameworkShutdowns);
        Assert.Equal(1, master.Read(core => core.FindFramework(id.Value)!.TaskList.Count()));
    }

    [Fact]
    public async Task A_second_instance_subscribing_with_the_id_aborts_the_first()
    {
        await using MasterServer master = await TestMaster.StartAsync();
        var first = new RecordingScheduler();
        await using SchedulerDriver driver1 = DriverHarness.Driver(master, first, DriverHarness.Framework(failoverTimeout: 3600));
        FrameworkId id = (await driver1.StartAsync()).FrameworkId;

        var second = new RecordingScheduler();
        await using SchedulerDriver driver2 = DriverHarness.Driver(master, second, DriverHarness.Framework(failoverTimeout: 3600, id: id));
        await driver2.StartAsync();

        Assert.Equal(SchedulerDriverState.Aborted, await driver1.Completion.WaitAsync(Eventually.DefaultTimeout));
        Assert.Equal("Framework failed over", driver1.AbortReason);
        await Eventually.Until(() => first.Errors.Contains("Framework failed over"), "the Error callback");
        Assert.True(driver2.IsSubscribed);
        Assert.Equal(SchedulerDriverState.Running, driver2.State);
    }

    [Fact]
    public async Task Missed_heartbeats_reconnect_and_resubscribe_with_the_same_id()
    {
        await using MasterServer master = await TestMaster.StartAsync(heartbeat: TimeSpan.FromHours(1));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var recorder = new RecordingScheduler();
        await using SchedulerDriver driver = DriverHarness.Driver(master, recorder, DriverHarness.Framework(failoverTimeout: 3600), time: clock);
        FrameworkId id = (await driver.StartAsync()).FrameworkId;
        await Eventually.Until(() => recorder.Subscriptions.Count == 1, "the first Subscribed callback");

        // Five hourly heartbeats missed on the driver's clock: the connection is presumed dead.
        clock.Advance(TimeSpan.FromHours(6));

        await Eventually.Until(() => recorder.Subscriptions.Count == 2, "a second subscription");
        Assert.All(recorder.Subscriptions, s => Assert.Equal(id, s.FrameworkId));
        Assert.Contains(recorder.Disconnects, d => d.StartsWith("HeartbeatTimeout", StringComparison.Ordinal));
        Assert.Equal(SchedulerDriverState.Running, driver.State);
    }

    [Fact]
    public async Task Subscribing_with_a_removed_framework_id_aborts()
    {
        await using MasterServer master = await TestMaster.StartAsync();
        var first = new RecordingScheduler();
        SchedulerDriver driver1 = DriverHarness.Driver(master, first);
        FrameworkId id = (await driver1.StartAsync()).FrameworkId;
        await driver1.StopAsync(failover: false);

        await using SchedulerDriver driver2 = DriverHarness.Driver(master, new RecordingScheduler(), DriverHarness.Framework(id: id));
        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => driver2.StartAsync());

        Assert.Contains("Framework has been removed", error.Message);
        Assert.Equal(SchedulerDriverState.Aborted, await driver2.Completion);
    }

    [Fact]
    public async Task An_agent_silent_past_its_ping_budget_is_reported_as_a_failure()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using MasterServer master = await TestMaster.StartAsync(clock, heartbeat: TimeSpan.FromDays(1));
        FakeAgent agent = await FakeAgent.StartAsync(master.LocalEndPoint);
        AgentId agentId = agent.AgentId!.Value;
        var recorder = new RecordingScheduler();
        await using SchedulerDriver driver = DriverHarness.Driver(master, recorder);
        await driver.StartAsync();

        await agent.DisposeAsync();
        await Eventually.Until(() => master.Read(core => core.FindAgent(agentId.Value)!.State != Engine.Master.AgentState.Connected), "the master saw the agent go");
        for (int round = 0; round < 6; round++)
            clock.Advance(TimeSpan.FromSeconds(15));

        FailureEvent failure = await Eventually.First(() => recorder.Failures, _ => true, "a FAILURE for the agent");
        Assert.Equal(agentId, failure.AgentId);
        Assert.Null(failure.ExecutorId);
    }
}

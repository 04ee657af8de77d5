using FastMesos.Master;
using FastMesos.Messages;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Scheduler.Tests;

/// <summary>The driver against a real master over loopback TCP, with a fake agent running the tasks.</summary>
public sealed class SchedulerDriverTests
{
    [Fact]
    public async Task Subscribe_gets_a_framework_id_from_the_master()
    {
        await using MasterServer master = await TestMaster.StartAsync();
        var recorder = new RecordingScheduler();
        await using SchedulerDriver driver = DriverHarness.Driver(master, recorder);

        SubscribedEvent subscribed = await driver.StartAsync();

        Assert.StartsWith(master.Read(core => core.Info.Id), subscribed.FrameworkId.Value);
        Assert.Equal(subscribed.FrameworkId, driver.FrameworkId);
        Assert.True(driver.IsSubscribed);
        await Eventually.Until(() => recorder.Subscriptions.Count == 1, "the Subscribed callback");
        Assert.NotNull(master.Read(core => core.FindFramework(subscribed.FrameworkId.Value)));
    }

    [Fact]
    public async Task Accepted_offer_launches_a_task_whose_updates_arrive_and_are_acknowledged()
    {
        await using MasterServer master = await TestMaster.StartAsync();
        await using FakeAgent agent = await FakeAgent.StartAsync(master.LocalEndPoint);
        var recorder = new RecordingScheduler();
        await using SchedulerDriver driver = DriverHarness.Driver(master, recorder);
        await driver.StartAsync();

        Offer offer = await Eventually.First(() => recorder.AllOffers, o => o.AgentId == agent.AgentId, "an offer from the agent");
        Assert.True(offer.Resources.Contains(Resources.Parse("cpus:2;mem:1024")));
        Assert.True(driver.Launch(offer.Id, [DriverHarness.Task("t1", offer, "echo hello")]));

        await Eventually.Until(() => recorder.Updates.Any(u => u.State == TaskState.Finished), "TASK_FINISHED");
        Assert.Equal([TaskState.Running, TaskState.Finished], recorder.Updates.Select(u => u.State));
        Assert.Equal("echo hello", Assert.Single(agent.Launched).Task.Command!.Value);
        await Eventually.Until(() => agent.Acknowledgements.Count == 2, "both updates acknowledged at the agent");
        Assert.Equal(recorder.Updates.Select(u => u.Uuid!.Value), agent.Acknowledgements.Select(a => a.Uuid));
        Assert.False(recorder.Overlapped);
    }

    [Fact]
    public async Task A_launched_tasks_updates_decode_to_the_id_string_it_was_launched_with()
    {
        await using MasterServer master = await TestMaster.StartAsync();
        await using FakeAgent agent = await FakeAgent.StartAsync(master.LocalEndPoint);
        var recorder = new RecordingScheduler();
        await using SchedulerDriver driver = DriverHarness.Driver(master, recorder);
        await driver.StartAsync();
        Offer offer = await Eventually.First(() => recorder.AllOffers, _ => true, "an offer");

        // Made at run time, so no other string of the process is this one.
        string id = string.Concat("pooled-", Guid.NewGuid().ToString("N"));
        Assert.True(driver.Launch(offer.Id, [DriverHarness.Task(id, offer, "true")]));

        await Eventually.Until(() => recorder.Updates.Count(u => u.State is TaskState.Running or TaskState.Finished) == 2, "TASK_RUNNING and TASK_FINISHED");
        // The driver pooled the id as it launched, so the updates' ids are that string, not copies.
        foreach (MesosTaskStatus update in recorder.Updates)
            Assert.Same(id, update.TaskId.Value);
    }

    [Fact]
    public async Task Explicit_acknowledgement_releases_the_next_update()
    {
        await using MasterServer master = await TestMaster.StartAsync();
        await using FakeAgent agent = await FakeAgent.StartAsync(master.LocalEndPoint);
        var recorder = new RecordingScheduler();
        await using SchedulerDriver driver = DriverHarness.Driver(master, recorder, implicitAcks: false);
        await driver.StartAsync();
        Offer offer = await Eventually.First(() => recorder.AllOffers, _ => true, "an offer");
        driver.Launch(offer.Id, [DriverHarness.Task("t1", offer, "true")]);

        MesosTaskStatus running = await Eventually.First(() => recorder.Updates, u => u.State == TaskState.Running, "TASK_RUNNING");
        // The fake agent, like a real one, holds TASK_FINISHED until TASK_RUNNING is acknowledged.
        Assert.False(driver.Acknowledge(running with { Uuid = null }));
        Assert.True(driver.Acknowledge(running));

        MesosTaskStatus finished = await Eventually.First(() => recorder.Updates, u => u.State == TaskState.Finished, "TASK_FINISHED");
        Assert.True(driver.Acknowledge(finished));
        await Eventually.Until(() => agent.Acknowledgements.Count == 2, "both acknowledgements at the agent");
    }

    [Fact]
    public async Task Reconcile_with_no_tasks_reports_every_running_task()
    {
        await using MasterServer master = await TestMaster.StartAsync();
        await using FakeAgent agent = await FakeAgent.StartAsync(master.LocalEndPoint);
        var recorder = new RecordingScheduler();
        await using SchedulerDriver driver = DriverHarness.Driver(master, recorder);
        await driver.StartAsync();
        Offer offer = await Eventually.First(() => recorder.AllOffers, _ => true, "an offer");
        driver.Launch(offer.Id, [DriverHarness.Task("long-1", offer, "sleep 1000", "cpus:0.5;mem:64"),
            DriverHarness.Task("long-2", offer, "sleep 1000", "cpus:0.5;mem:64")]);
        await Eventually.Until(() => recorder.Updates.Count(u => u.State == TaskState.Running) == 2, "both tasks running");

        Assert.True(driver.Reconcile());

        await Eventually.Until(() => recorder.Updates.Count(u => u.Reason == TaskStatusReason.Reconciliation) == 2, "two reconciliation updates");
        MesosTaskStatus[] answers = recorder.Updates.Where(u => u.Reason == TaskStatusReason.Reconciliation).ToArray();
        Assert.All(answers, a => Assert.Equal(TaskState.Running, a.State));
        Assert.All(answers, a => Assert.Null(a.Uuid));
        Assert.Equal(["long-1", "long-2"], answers.Select(a => a.TaskId.Value).Order());
    }

    [Fact]
    public async Task Reconciling_more_tasks_than_one_frame_holds_keeps_the_connection_and_answers_every_task()
    {
        await using MasterServer master = await TestMaster.StartAsync();
        var recorder = new RecordingScheduler();
        await using SchedulerDriver driver = DriverHarness.Driver(master, recorder);
        await driver.StartAsync();
        await Eventually.Until(() => recorder.Subscriptions.Count == 1, "the Subscribed callback");
        // ~19 MB of ids, past the 16 MiB frame limit: as one call the frame closed the connection.
        string padding = new('x', 150);
        var tasks = new ReconcileTask[120_000];
        for (int i = 0; i < tasks.Length; i++)
            tasks[i] = new ReconcileTask(new TaskId($"ghost-{i}-{padding}"), new AgentId($"agent-{i % 100}-{padding}"));

        Assert.True(driver.Reconcile(tasks));

        await Eventually.Until(() => recorder.Updates.Count(u => u.Reason == TaskStatusReason.Reconciliation) == tasks.Length,
            "an answer for every task", TimeSpan.FromSeconds(60));
        Assert.Equal(tasks.Length, recorder.Updates.Select(u => u.TaskId.Value).Distinct().Count());
        Assert.True(driver.IsSubscribed);
        Assert.Single(recorder.Subscriptions);
    }

    [Fact]
    public async Task Kill_ends_a_running_task_killed()
    {
        await using MasterServer master = await TestMaster.StartAsync();
        await using FakeAgent agent = await FakeAgent.StartAsync(master.LocalEndPoint);
        var recorder = new RecordingScheduler();
        await using SchedulerDriver driver = DriverHarness.Driver(master, recorder);
        await driver.StartAsync();
        Offer offer = await Eventually.First(() => recorder.AllOffers, _ => true, "an offer");
        driver.Launch(offer.Id, [DriverHarness.Task("k1", offer, "sleep 1000")]);
        await Eventually.Until(() => recorder.Updates.Any(u => u.State == TaskState.Running), "TASK_RUNNING");

        Assert.True(driver.Kill(new TaskId("k1"), agent.AgentId));

        await Eventually.Until(() => recorder.Updates.Any(u => u.State == TaskState.Killed), "TASK_KILLED");
    }

    [Fact]
    public async Task Stop_without_failover_tears_the_framework_down()
    {
        await using MasterServer master = await TestMaster.StartAsync();
        await using FakeAgent agent = await FakeAgent.StartAsync(master.LocalEndPoint);
        var recorder = new RecordingScheduler();
        SchedulerDriver driver = DriverHarness.Driver(master, recorder, DriverHarness.Framework(failoverTimeout: 3600));
        await driver.StartAsync();
        Offer offer = await Eventually.First(() => recorder.AllOffers, _ => true, "an offer");
        driver.Launch(offer.Id, [DriverHarness.Task("t1", offer, "sleep 1000")]);
        await Eventually.Until(() => recorder.Updates.Any(u => u.State == TaskState.Running), "TASK_RUNNING");
        FrameworkId id = driver.FrameworkId!.Value;

        await driver.StopAsync(failover: false);

        Assert.Equal(SchedulerDriverState.Stopped, await driver.Completion);
        Assert.Null(master.Read(core => core.FindFramework(id.Value)));
        await Eventually.Until(() => agent.FrameworkShutdowns.Contains(id), "ShutdownFramework at the agent");
    }

    [Fact]
    public async Task Losing_the_agent_rescinds_its_offers_and_loses_its_tasks()
    {
        await using MasterServer master = await TestMaster.StartAsync();
        FakeAgent agent = await FakeAgent.StartAsync(master.LocalEndPoint);
        var recorder = new RecordingScheduler();
        await using SchedulerDriver driver = DriverHarness.Driver(master, recorder);
        await driver.StartAsync();
        Offer first = await Eventually.First(() => recorder.AllOffers, _ => true, "an offer");
        // refuse_seconds 0: the unused rest comes back at the next allocation as a new offer.
        driver.Launch(first.Id, [DriverHarness.Task("doomed", first, "sleep 1000")], new Filters(0));
        await Eventually.Until(() => recorder.Updates.Any(u => u.State == TaskState.Running), "TASK_RUNNING");
        Offer rest = await Eventually.First(() => recorder.AllOffers, o => o.Id != first.Id, "an offer of the rest");

        await agent.DisposeAsync();

        await Eventually.Until(() => recorder.RescindedOffers.Contains(rest.Id), "the outstanding offer rescinded");
        MesosTaskStatus lost = await Eventually.First(() => recorder.Updates, u => u.State == TaskState.Lost, "TASK_LOST");
        Assert.Null(lost.Uuid);
        Assert.False(driver.Acknowledge(lost));
    }

    [Fact]
    public async Task Calls_from_many_threads_all_reach_the_master()
    {
        await using MasterServer master = await TestMaster.StartAsync();
        var recorder = new RecordingScheduler();
        await using SchedulerDriver driver = DriverHarness.Driver(master, recorder);
        await driver.StartAsync();
        const int Threads = 8, PerThread = 50;

        // Explicit reconciliation of an unknown task: the master answers each call with one update.
        bool[] sent = await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            bool all = true;
            for (int i = 0; i < PerThread; i++)
                all &= driver.Reconcile([new ReconcileTask(new TaskId($"ghost-{t}-{i}"))]);
            return all;
        })));

        Assert.All(sent, Assert.True);
        await Eventually.Until(() => recorder.Updates.Count == Threads * PerThread, "one answer per call");
        Assert.Equal(Threads * PerThread, recorder.Updates.Select(u => u.TaskId).Distinct().Count());
        Assert.False(recorder.Overlapped);
    }

    [Fact]
    public async Task UpdateFramework_changes_the_info_the_master_holds()
    {
        await using MasterServer master = await TestMaster.StartAsync();
        await using SchedulerDriver driver = DriverHarness.Driver(master, new RecordingScheduler());
        FrameworkId id = (await driver.StartAsync()).FrameworkId;

        Assert.True(driver.UpdateFramework(driver.Framework with { Name = "renamed", FailoverTimeoutSeconds = 60 }));

        await Eventually.Until(() => master.Read(core => core.FindFramework(id.Value)!.Info.Name) == "renamed", "the new name at the master");
        Assert.Equal("renamed", driver.Framework.Name);
        Assert.Equal(id, driver.Framework.Id);
    }
}

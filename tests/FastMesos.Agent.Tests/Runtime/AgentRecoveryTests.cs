using FastMesos.Agent.Containers;
using FastMesos.Agent.Runtime;
using FastMesos.Messages;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Agent.Tests.Runtime;

/// <summary>Agent restarts on the same work dir (Mesos <c>--recover=reconnect</c>) and master restarts, over real TCP.</summary>
public sealed class AgentRecoveryTests : IAsyncLifetime
{
    private AgentCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await AgentCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Restarted_agent_recovers_its_running_task_and_reregisters_under_the_same_id()
    {
        AgentRuntime first = await _cluster.StartAgentAsync();
        await using TestScheduler scheduler = await TestScheduler.SubscribeAsync(_cluster.Master.LocalEndPoint);
        string containerId = await RunningTaskAsync(scheduler, "t1");
        await first.DisposeAsync();

        FakeContainerizer containerizer = _cluster.NewContainerizer();
        AgentRuntime second = await _cluster.StartAgentAsync();

        Assert.Equal(first.AgentId, second.AgentId);
        Assert.Equal([containerId], containerizer.Recovered);
        Assert.True(second.Read(s => s.Recovered));
        Assert.Equal(TaskState.Running, second.Read(s => s.LiveTasks.Single().State));
        Assert.Equal(1, _cluster.MasterAgent(second.AgentId!)!.TaskCount);

        containerizer.Exit(containerId, 0);
        await Eventually.Until(() => scheduler.States("t1").Contains(TaskState.Finished), "TASK_FINISHED after recovery");
        await Eventually.Until(() => second.Read(s => s.LiveTasks.Count() == 0), "completion");
    }

    [Fact]
    public async Task Task_group_runs_each_task_in_its_own_container_and_is_recovered_with_its_executor()
    {
        AgentRuntime first = await _cluster.StartAgentAsync();
        await using TestScheduler scheduler = await TestScheduler.SubscribeAsync(_cluster.Master.LocalEndPoint);
        await scheduler.LaunchGroupAsync("pod", "a", "b");
        await Eventually.Until(() => scheduler.States("a").Contains(TaskState.Running) && scheduler.States("b").Contains(TaskState.Running), "both running");

        Assert.Equal(2, _cluster.Containerizer.Launches.Count);
        Assert.All(_cluster.Containerizer.Launches, l => Assert.Equal("pod", l.Environment["MESOS_EXECUTOR_ID"]));
        Assert.Equal(2, first.Read(s => s.Frameworks.Single().Value.Executors["pod"].Tasks.Count));
        await first.DisposeAsync();

        FakeContainerizer containerizer = _cluster.NewContainerizer();
        AgentRuntime second = await _cluster.StartAgentAsync();
        Assert.Equal(2, containerizer.Recovered.Count);
        Assert.False(second.Read(s => s.Frameworks.Single().Value.Executors["pod"].CommandExecutor));
        Assert.Equal(2, _cluster.MasterAgent(second.AgentId!)!.TaskCount);
    }

    [Fact]
    public async Task Task_that_ended_while_the_agent_was_away_reports_its_end()
    {
        AgentRuntime first = await _cluster.StartAgentAsync();
        await using TestScheduler scheduler = await TestScheduler.SubscribeAsync(_cluster.Master.LocalEndPoint);
        string lost = await RunningTaskAsync(scheduler, "lost");
        string done = await RunningTaskAsync(scheduler, "done");
        await first.DisposeAsync();

        FakeContainerizer containerizer = _cluster.NewContainerizer();
        containerizer.RecoverAs[lost] = new ContainerTermination { Recovered = true, Message = "the process is gone" };
        containerizer.RecoverAs[done] = new ContainerTermination { Recovered = true, ExitCode = 0, Message = "Command exited with status 0" };
        await _cluster.StartAgentAsync();

        await Eventually.Until(() => scheduler.States("lost").Contains(TaskState.Failed) && scheduler.States("done").Contains(TaskState.Finished),
            "the terminal updates of both tasks");
        MesosTaskStatus failed = scheduler.Updates("lost")[^1];
        Assert.Equal(TaskStatusReason.ExecutorTerminated, failed.Reason);
        Assert.Equal(TaskStatusSource.Agent, failed.Source);
        Assert.Contains("the process is gone", failed.Message);
    }

    [Fact]
    public async Task Unacknowledged_update_is_resent_after_a_restart_with_the_same_uuid()
    {
        AgentRuntime first = await _cluster.StartAgentAsync();
        await using TestScheduler scheduler = await TestScheduler.SubscribeAsync(_cluster.Master.LocalEndPoint);
        bool dropping = true;
        scheduler.DropAcks = s => s.State == TaskState.Running && Volatile.Read(ref dropping);
        await scheduler.LaunchAsync("t1");
        await Eventually.Until(() => scheduler.States("t1").Contains(TaskState.Running), "TASK_RUNNING");
        Guid? uuid = scheduler.Updates("t1").Find(u => u.State == TaskState.Running).Uuid;
        await first.DisposeAsync();
        int before = scheduler.States("t1").Count(s => s == TaskState.Running);

        Volatile.Write(ref dropping, false);
        AgentRuntime second = await _cluster.StartAgentAsync();
        await Eventually.Until(() => scheduler.States("t1").Count(s => s == TaskState.Running) > before, "the resent TASK_RUNNING");

        Assert.All(scheduler.Updates("t1").FindAll(u => u.State == TaskState.Running), u => Assert.Equal(uuid, u.Uuid));
        await Eventually.Until(() => second.Read(s => s.LiveTasks.Single().Statuses.Count > 0) && StreamDrained(second), "the acknowledgement");
    }

    [Fact]
    public async Task Acknowledged_updates_are_not_resent_after_a_restart()
    {
        AgentRuntime first = await _cluster.StartAgentAsync();
        await using TestScheduler scheduler = await TestScheduler.SubscribeAsync(_cluster.Master.LocalEndPoint);
        await RunningTaskAsync(scheduler, "t1");
        await Eventually.Until(() => StreamDrained(first), "the acknowledgements");
        await first.DisposeAsync();

        _cluster.NewContainerizer();
        AgentRuntime second = await _cluster.StartAgentAsync();

        Assert.True(StreamDrained(second));
        Assert.Equal([TaskState.Starting, TaskState.Running], scheduler.States("t1"));
    }

    [Fact]
    public async Task Agent_reregisters_with_a_restarted_master_under_the_same_id()
    {
        AgentRuntime agent = await _cluster.StartAgentAsync();
        string id = agent.AgentId!;

        await _cluster.RestartMasterAsync();
        await Eventually.Until(() => _cluster.MasterAgent(id) is not null, "the re-registration");

        await Eventually.Until(() => agent.Read(s => s.Counters.Reregistrations) >= 1 && agent.Registered, "the agent's view of it");
        Assert.Equal(id, agent.AgentId);
    }

    [Fact]
    public async Task A_framework_whose_tasks_all_ended_is_reported_with_them_as_completed_on_reregistration()
    {
        AgentRuntime agent = await _cluster.StartAgentAsync();
        await using TestScheduler scheduler = await TestScheduler.SubscribeAsync(_cluster.Master.LocalEndPoint);
        string containerId = await RunningTaskAsync(scheduler, "t1");
        Assert.Empty(agent.Read(ReregistrationReport.CompletedFrameworks));

        _cluster.Containerizer.Exit(containerId, 0);
        await Eventually.Until(() => agent.Read(s => s.CompletedFrameworks.Count) == 1, "the framework's completion on the agent");

        CompletedFramework completed = Assert.Single(agent.Read(ReregistrationReport.CompletedFrameworks));
        Assert.Equal(scheduler.FrameworkId, completed.Framework.Id?.Value);
        LaunchedTask task = Assert.Single(completed.Tasks);
        Assert.Equal(("t1", TaskState.Finished, agent.AgentId), (task.TaskId.Value, task.State, task.AgentId.Value));
        Assert.Null(task.StatusUpdateUuid);

        // A restarted master answers the re-registration that carries it (and, knowing no such
        // framework, drops its tasks as Mesos does).
        await _cluster.RestartMasterAsync();
        await Eventually.Until(() => _cluster.MasterAgent(agent.AgentId!) is not null, "the re-registration");
        Assert.Null(_cluster.Master.Read(core => core.FindFramework(scheduler.FrameworkId!)));
    }

    [Fact]
    public async Task An_executor_keeps_only_its_newest_completed_tasks()
    {
        // Mesos keeps 200 (AgentOptions' default); three keep the test light.
        AgentRuntime agent = await _cluster.StartAgentAsync(_cluster.Options() with { MaxCompletedTasksPerExecutor = 3 });
        await using TestScheduler scheduler = await TestScheduler.SubscribeAsync(_cluster.Master.LocalEndPoint);
        string[] ids = ["t0", "t1", "t2", "t3", "t4"];
        await scheduler.LaunchGroupAsync("pod", ids);
        await Eventually.Until(() => _cluster.Containerizer.Launches.Count == ids.Length, "every task launched");

        // The first two end first (and are the ones the bound drops), then the other three.
        ContainerLaunch[] launches = [.. _cluster.Containerizer.Launches.OrderBy(l => l.Environment["MESOS_TASK_ID"], StringComparer.Ordinal)];
        foreach (ContainerLaunch launch in launches.Take(2))
            _cluster.Containerizer.Exit(launch.ContainerId, 0);
        await Eventually.Until(() => agent.Read(s => s.Frameworks.Single().Value.Executors["pod"].CompletedTasks.Count) == 2, "the first two completed");
        foreach (ContainerLaunch launch in launches.Skip(2))
            _cluster.Containerizer.Exit(launch.ContainerId, 0);
        await Eventually.Until(() => agent.Read(s => s.CompletedFrameworks.Count) == 1, "the framework's completion on the agent");

        CompletedFramework completed = Assert.Single(agent.Read(ReregistrationReport.CompletedFrameworks));
        Assert.Equal(["t2", "t3", "t4"], completed.Tasks.Select(t => t.TaskId.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Recover_false_starts_a_new_agent()
    {
        AgentRuntime first = await _cluster.StartAgentAsync();
        await first.DisposeAsync();

        AgentRuntime second = await _cluster.StartAgentAsync(_cluster.Options() with { Recover = false });

        Assert.NotEqual(first.AgentId, second.AgentId);
    }

    private static bool StreamDrained(AgentRuntime agent) =>
        agent.Read(s => s.LiveTasks.All(t => t.Statuses.Count > 0)) && agent.PendingUpdates == 0;

    [Fact]
    public async Task Restarted_agent_resumes_the_health_checks_of_its_running_tasks()
    {
        AgentRuntime first = await _cluster.StartAgentAsync();
        await using TestScheduler scheduler = await TestScheduler.SubscribeAsync(_cluster.Master.LocalEndPoint);
        var check = new HealthCheck
        {
            Type = HealthCheckType.Command, Command = new CommandInfo { Value = "true" }, DelaySeconds = 0, IntervalSeconds = 0.2, GracePeriodSeconds = 0,
        };
        await scheduler.LaunchAsync("t1", healthCheck: check);
        // Distinct updates, by uuid: an update the first agent sent but saw no acknowledgement for
        // before it stopped is sent again by the recovered one (reliable status updates), so the
        // raw count could jump from 1 to 3 and never be seen at 2.
        int HealthUpdates() => scheduler.Updates("t1")
            .Where(u => u.Reason == TaskStatusReason.TaskHealthCheckStatusUpdated && u.Healthy == true)
            .Select(u => u.Uuid)
            .Distinct()
            .Count();
        await Eventually.Until(() => HealthUpdates() == 1, "the first healthy update");
        await first.DisposeAsync();

        // The checker does not survive the agent process: the recovered task is checked afresh and
        // its health (unknown to the new process) reported again.
        _cluster.NewContainerizer();
        await _cluster.StartAgentAsync();
        await Eventually.Until(() => HealthUpdates() >= 2, "the recovered task's healthy update");
        Assert.Equal(2, HealthUpdates());
    }

    [Fact]
    public async Task A_health_update_left_unacknowledged_is_resent_before_the_recovered_tasks_fresh_one()
    {
        AgentRuntime first = await _cluster.StartAgentAsync();
        await using TestScheduler scheduler = await TestScheduler.SubscribeAsync(_cluster.Master.LocalEndPoint);
        // The first agent never hears that its healthy update arrived (the race the test above can
        // lose when the agent stops right after sending it), so its stream still holds it.
        bool dropped = false;
        scheduler.DropAcks = u => u.Reason == TaskStatusReason.TaskHealthCheckStatusUpdated && !dropped && (dropped = true);
        var check = new HealthCheck
        {
            Type = HealthCheckType.Command, Command = new CommandInfo { Value = "true" }, DelaySeconds = 0, IntervalSeconds = 0.2, GracePeriodSeconds = 0,
        };
        await scheduler.LaunchAsync("t1", healthCheck: check);
        List<MesosTaskStatus> Healthy() => scheduler.Updates("t1").FindAll(u => u.Reason == TaskStatusReason.TaskHealthCheckStatusUpdated && u.Healthy == true);
        await Eventually.Until(() => Healthy().Count == 1, "the first healthy update");
        Guid unacknowledged = Healthy()[0].Uuid!.Value;
        await first.DisposeAsync();

        _cluster.NewContainerizer();
        await _cluster.StartAgentAsync();
        // The stream is ordered: the old update again (same uuid), acknowledged now, then the fresh one.
        await Eventually.Until(() => Healthy().Count >= 3, "the resent and the fresh healthy updates");
        List<MesosTaskStatus> healthy = Healthy();
        Assert.Equal(unacknowledged, healthy[1].Uuid);
        Assert.NotEqual(unacknowledged, healthy[2].Uuid);
    }

    private async Task<string> RunningTaskAsync(TestScheduler scheduler, string taskId)
    {
        int launches = _cluster.Containerizer.Launches.Count;
        await scheduler.LaunchAsync(taskId);
        await Eventually.Until(() => scheduler.States(taskId).Contains(TaskState.Running), $"{taskId} running");
        return _cluster.Containerizer.Launches.ElementAt(launches).ContainerId;
    }
}

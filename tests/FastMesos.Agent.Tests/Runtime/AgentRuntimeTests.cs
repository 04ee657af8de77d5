using FastMesos.Agent.Containers;
using FastMesos.Agent.Runtime;
using FastMesos.Engine.Master;
using AgentState = FastMesos.Engine.Master.AgentState;
using FastMesos.Messages;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Agent.Tests.Runtime;

/// <summary>The agent runtime against a real master over loopback TCP, with a fake containerizer whose containers end on command.</summary>
public sealed class AgentRuntimeTests : IAsyncLifetime
{
    private AgentCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await AgentCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Registers_and_the_master_knows_it()
    {
        AgentRuntime agent = await _cluster.StartAgentAsync();

        AgentRecord? record = _cluster.MasterAgent(agent.AgentId!);
        Assert.NotNull(record);
        Assert.Equal(AgentState.Connected, record.State);
        Assert.Equal("agent-host", record.Info.Hostname);
        Assert.Equal(4, record.Info.Resources.Cpus);
        Assert.True(File.Exists(agent.Paths.AgentInfoFile(agent.AgentId!)));
        Assert.Equal(agent.AgentId, new FileInfo(agent.Paths.LatestAgentLink).LinkTarget);
    }

    [Fact]
    public async Task Task_reports_starting_running_finished_in_order_with_the_mesos_environment()
    {
        AgentRuntime agent = await _cluster.StartAgentAsync();
        await using TestScheduler scheduler = await TestScheduler.SubscribeAsync(_cluster.Master.LocalEndPoint);

        await scheduler.LaunchAsync("t1", "cpus:0.5;mem:64;ports:[31002-31003]", environment: [new EnvironmentVariable("PORT1", "override"), new EnvironmentVariable("MY", "x")]);
        ContainerLaunch launch = await LaunchOf(0);
        await Eventually.Until(() => scheduler.States("t1").Contains(TaskState.Running), "TASK_RUNNING");
        _cluster.Containerizer.Exit(launch.ContainerId, 0);
        await Eventually.Until(() => scheduler.States("t1").Contains(TaskState.Finished), "TASK_FINISHED");

        Assert.Equal([TaskState.Starting, TaskState.Running, TaskState.Finished], scheduler.States("t1"));
        List<MesosTaskStatus> updates = scheduler.Updates("t1");
        Assert.All(updates, u => Assert.NotNull(u.Uuid));
        Assert.Equal(3, updates.ConvertAll(u => u.Uuid).Distinct().Count());
        Assert.Equal(launch.ContainerId, updates[1].ContainerStatus?.ContainerId);

        string fw = scheduler.FrameworkId!;
        string sandbox = agent.Paths.Sandbox(agent.AgentId!, fw, "t1", launch.ContainerId);
        Assert.Equal(sandbox, launch.SandboxDirectory);
        Assert.True(Directory.Exists(sandbox));
        Assert.Equal(launch.ContainerId, new FileInfo(Path.Combine(agent.Paths.ExecutorSandboxes(agent.AgentId!, fw, "t1"), "latest")).LinkTarget);
        IReadOnlyDictionary<string, string> env = launch.Environment;
        Assert.Equal("t1", env["MESOS_TASK_ID"]);
        Assert.Equal(fw, env["MESOS_FRAMEWORK_ID"]);
        Assert.Equal(agent.AgentId, env["MESOS_AGENT_ID"]);
        Assert.Equal(agent.AgentId, env["MESOS_SLAVE_ID"]);
        Assert.Equal("t1", env["MESOS_EXECUTOR_ID"]);
        Assert.Equal(sandbox, env["MESOS_SANDBOX"]);
        Assert.Equal(sandbox, env["MESOS_DIRECTORY"]);
        Assert.Equal("agent-host", env["HOST"]);
        Assert.Equal("31002,31003", env["PORTS"]);
        Assert.Equal("31002", env["PORT0"]);
        Assert.Equal("override", env["PORT1"]);
        Assert.Equal("x", env["MY"]);
        Assert.False(env.ContainsKey("PORT"));
        Assert.Equal(64L * 1024 * 1024, launch.MemoryBytes);

        // The acknowledged terminal update completes the task: checkpoint gone, sandbox kept.
        await Eventually.Until(() => agent.Read(s => s.LiveTasks.Count() == 0), "the task's completion");
        Assert.False(Directory.Exists(agent.Paths.FrameworkMeta(agent.AgentId!, fw)));
        Assert.True(Directory.Exists(sandbox));
        Assert.Equal(TaskState.Finished, _cluster.Master.Read(core => core.FindFramework(fw)!.CompletedTaskList.Single().State));
    }

    [Fact]
    public async Task Non_zero_exit_fails_and_oom_names_the_memory_limitation()
    {
        await _cluster.StartAgentAsync();
        await using TestScheduler scheduler = await TestScheduler.SubscribeAsync(_cluster.Master.LocalEndPoint);

        await scheduler.LaunchAsync("bad");
        ContainerLaunch bad = await LaunchOf(0);
        await Eventually.Until(() => scheduler.States("bad").Contains(TaskState.Running), "TASK_RUNNING");
        _cluster.Containerizer.Exit(bad.ContainerId, 3);
        await Eventually.Until(() => scheduler.States("bad").Contains(TaskState.Failed), "TASK_FAILED");
        MesosTaskStatus failed = scheduler.Updates("bad")[^1];
        Assert.Equal("Command exited with status 3", failed.Message);
        Assert.Null(failed.Reason);

        await scheduler.LaunchAsync("oom");
        ContainerLaunch oom = await LaunchOf(1);
        await Eventually.Until(() => scheduler.States("oom").Contains(TaskState.Running), "TASK_RUNNING");
        _cluster.Containerizer.Containers[oom.ContainerId].End(new ContainerTermination { Signal = 9, OutOfMemory = true, Message = "OOM killed" });
        await Eventually.Until(() => scheduler.States("oom").Contains(TaskState.Failed), "TASK_FAILED");
        Assert.Equal(TaskStatusReason.ContainerLimitationMemory, scheduler.Updates("oom")[^1].Reason);
    }

    [Fact]
    public async Task Launch_failure_fails_the_task_with_the_containerizer_message()
    {
        _cluster.Containerizer.FailLaunches = "fetch of http://x/y failed";
        await _cluster.StartAgentAsync();
        await using TestScheduler scheduler = await TestScheduler.SubscribeAsync(_cluster.Master.LocalEndPoint);

        await scheduler.LaunchAsync("t1");
        await Eventually.Until(() => scheduler.States("t1").Contains(TaskState.Failed), "TASK_FAILED");

        Assert.Equal([TaskState.Starting, TaskState.Failed], scheduler.States("t1"));
        MesosTaskStatus failed = scheduler.Updates("t1")[^1];
        Assert.Equal("fetch of http://x/y failed", failed.Message);
        Assert.Equal(TaskStatusReason.ContainerLaunchFailed, failed.Reason);
        Assert.Equal(TaskStatusSource.Agent, failed.Source);
    }

    [Fact]
    public async Task Unacknowledged_update_is_resent_with_its_uuid_and_blocks_the_next_one()
    {
        await _cluster.StartAgentAsync(_cluster.Options() with
        {
            StatusUpdateRetryMin = TimeSpan.FromMilliseconds(50),
            StatusUpdateRetryMax = TimeSpan.FromMilliseconds(200),
        });
        await using TestScheduler scheduler = await TestScheduler.SubscribeAsync(_cluster.Master.LocalEndPoint);
        int runningSeen = 0;
        scheduler.DropAcks = s => s.State == TaskState.Running && ++runningSeen < 3;

        await scheduler.LaunchAsync("t1");
        ContainerLaunch launch = await LaunchOf(0);
        await Eventually.Until(() => scheduler.States("t1").Count(s => s == TaskState.Running) >= 2, "a resent TASK_RUNNING");
        _cluster.Containerizer.Exit(launch.ContainerId, 0);
        await Eventually.Until(() => scheduler.States("t1").Contains(TaskState.Finished), "TASK_FINISHED");

        List<MesosTaskStatus> running = scheduler.Updates("t1").FindAll(u => u.State == TaskState.Running);
        Assert.True(running.Count >= 3);
        Assert.Single(running.ConvertAll(u => u.Uuid).Distinct());
        // FINISHED waited behind the unacknowledged RUNNING: every RUNNING came before it.
        List<TaskState> states = scheduler.States("t1");
        Assert.True(states.LastIndexOf(TaskState.Running) < states.IndexOf(TaskState.Finished));
    }

    [Fact]
    public async Task Kill_uses_the_task_kill_policy_or_the_shutdown_grace_period()
    {
        await _cluster.StartAgentAsync();
        await using TestScheduler scheduler = await TestScheduler.SubscribeAsync(_cluster.Master.LocalEndPoint, FrameworkCapabilities.TaskKillingState);

        await scheduler.LaunchAsync("a", killPolicy: KillPolicy.FromGracePeriod(TimeSpan.FromSeconds(2)));
        await scheduler.LaunchAsync("b");
        await Eventually.Until(() => scheduler.States("a").Contains(TaskState.Running) && scheduler.States("b").Contains(TaskState.Running), "both running");
        scheduler.Kill("a");
        scheduler.Kill("b");
        await Eventually.Until(() => scheduler.States("a").Contains(TaskState.Killed) && scheduler.States("b").Contains(TaskState.Killed), "both killed");

        Assert.Equal([TaskState.Starting, TaskState.Running, TaskState.Killing, TaskState.Killed], scheduler.States("a"));
        var graces = _cluster.Containerizer.Kills.ToDictionary(k => k.ContainerId, k => k.Grace);
        Assert.Equal(TimeSpan.FromSeconds(2), graces[(await LaunchOf(0)).ContainerId]);
        Assert.Equal(TimeSpan.FromSeconds(5), graces[(await LaunchOf(1)).ContainerId]);
    }

    [Fact]
    public async Task Kill_during_launch_cancels_it_and_reports_killed_during_launch()
    {
        _cluster.Containerizer.LaunchGate = new TaskCompletionSource();
        await _cluster.StartAgentAsync();
        await using TestScheduler scheduler = await TestScheduler.SubscribeAsync(_cluster.Master.LocalEndPoint);
        await scheduler.LaunchAsync("slow");
        await LaunchOf(0);
        await Eventually.Until(() => scheduler.States("slow").Contains(TaskState.Starting), "TASK_STARTING");

        scheduler.Kill("slow");
        await Eventually.Until(() => scheduler.States("slow").Contains(TaskState.Killed), "TASK_KILLED");

        Assert.Equal([TaskState.Starting, TaskState.Killed], scheduler.States("slow"));
        Assert.Equal(TaskStatusReason.TaskKilledDuringLaunch, scheduler.Updates("slow")[^1].Reason);
        Assert.Empty(_cluster.Containerizer.Containers);
    }

    [Fact]
    public async Task Removed_framework_has_its_tasks_killed_without_updates()
    {
        AgentRuntime agent = await _cluster.StartAgentAsync();
        TestScheduler scheduler = await TestScheduler.SubscribeAsync(_cluster.Master.LocalEndPoint, failoverTimeoutSeconds: 0);
        await scheduler.LaunchAsync("t1");
        await Eventually.Until(() => scheduler.States("t1").Contains(TaskState.Running), "TASK_RUNNING");
        string fw = scheduler.FrameworkId!;

        await scheduler.DisposeAsync();   // Failover timeout 0: the master removes the framework at once.
        await Eventually.Until(() => agent.Read(s => s.Frameworks.Count == 0 && s.CompletedFrameworks.Count == 1), "the framework's shutdown");

        Assert.Single(_cluster.Containerizer.Kills);
        Assert.Equal(TaskState.Killed, agent.Read(s => s.CompletedFrameworks.Single().CompletedExecutors.Single().CompletedTasks.Single().State));
        Assert.Equal(0, agent.PendingUpdates);
        Assert.False(Directory.Exists(agent.Paths.FrameworkMeta(agent.AgentId!, fw)));
    }

    [Fact]
    public async Task Refused_agent_stops()
    {
        AgentRuntime agent = await AgentRuntime.StartAsync(_cluster.Options() with { Hostname = " " });

        await agent.Stopped.WaitAsync(Eventually.DefaultTimeout);

        Assert.False(agent.Registered);
        Assert.Null(agent.AgentId);
        await agent.DisposeAsync();
    }

    private async Task<ContainerLaunch> LaunchOf(int index)
    {
        await Eventually.Until(() => _cluster.Containerizer.Launches.Count > index, $"launch #{index}");
        return _cluster.Containerizer.Launches.ElementAt(index);
    }
}

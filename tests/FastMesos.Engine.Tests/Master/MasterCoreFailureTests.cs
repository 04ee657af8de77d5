using FastMesos.Engine.Master;
using FastMesos.Messages;

namespace FastMesos.Engine.Tests.Master;

using FrameworkCapabilities = FastMesos.Messages.FrameworkCapabilities;

/// <summary>Agent loss and return, framework failover and removal, reconciliation (specs/mesos.md §1.3–§1.7, §9).</summary>
public sealed class MasterCoreFailureTests
{
    private static (MasterHarness H, string Agent, string Fw, Offer Offer) Running(bool partitionAware = false, double failover = 0, bool checkpoint = true)
    {
        var h = new MasterHarness();
        string agent = h.Agent(1);
        string fw = h.Framework(10, failoverTimeout: failover, checkpoint: checkpoint,
            capabilities: partitionAware ? FrameworkCapabilities.PartitionAware : FrameworkCapabilities.None);
        Offer offer = Assert.Single(h.Offers(10));
        h.Launch(10, fw, offer, MasterHarness.Task("t1", offer));
        h.Update(1, fw, "t1", TaskState.Running);
        h.Out.Clear();
        return (h, agent, fw, offer);
    }

    [Fact]
    public void Agents_are_pinged_and_a_pong_keeps_them_registered()
    {
        var (h, agent, _, _) = Running();
        for (int round = 0; round < 10; round++)
        {
            h.Advance(TimeSpan.FromSeconds(15));
            Ping ping = Assert.Single(h.Out.Take<Ping>(1));
            h.Out.Clear();
            h.Core.OnPong(1, new Pong(ping.Sequence, ping.Timestamp));
        }

        Assert.Equal(AgentState.Connected, h.Core.FindAgent(agent)!.State);
    }

    [Theory]
    [InlineData(false, TaskState.Lost)]
    [InlineData(true, TaskState.Unreachable)]
    public void An_agent_that_misses_five_pings_is_unreachable_and_its_tasks_are_reported(bool partitionAware, TaskState expected)
    {
        var (h, agent, _, _) = Running(partitionAware);

        h.Advance(TimeSpan.FromSeconds(15 * 4));
        Assert.Equal(AgentState.Connected, h.Core.FindAgent(agent)!.State);
        h.Advance(TimeSpan.FromSeconds(15));

        Assert.Equal(AgentState.Unreachable, h.Core.FindAgent(agent)!.State);
        UpdateEvent update = Assert.Single(h.Out.Take<UpdateEvent>(10));
        Assert.Equal(expected, update.Status.State);
        Assert.Equal(TaskStatusReason.AgentRemoved, update.Status.Reason);
        Assert.Null(update.Status.Uuid);
        Assert.Equal(agent, Assert.Single(h.Out.Take<FailureEvent>(10)).AgentId!.Value.Value);
        Assert.Contains(h.Out.Closed, c => c.Peer == 1);
        Assert.Equal(0, h.Core.Allocator.AgentCount);
    }

    [Fact]
    public void An_unreachable_agent_that_comes_back_brings_its_tasks_back()
    {
        var (h, agent, fw, _) = Running();
        h.Advance(TimeSpan.FromSeconds(75));
        h.Core.OnAgentDisconnected(1);
        h.Out.Clear();

        h.Core.OnReregisterAgent(2, new ReregisterAgent
        {
            Agent = new AgentInfo { Hostname = "host", Id = new AgentId(agent), Resources = Resources.Parse("cpus:4;mem:4096;ports:[31000-32000]") },
            Version = "test",
            Tasks = [new LaunchedTask { Name = "t1", TaskId = new TaskId("t1"), FrameworkId = new FrameworkId(fw), AgentId = new AgentId(agent), State = TaskState.Running, Resources = Resources.Parse("cpus:1;mem:128") }],
        }, "127.0.0.1");

        Assert.Single(h.Out.Take<AgentReregistered>(2));
        UpdateEvent update = Assert.Single(h.Out.Take<UpdateEvent>(10));
        Assert.Equal(TaskState.Running, update.Status.State);
        Assert.Equal(TaskStatusReason.AgentReregistered, update.Status.Reason);
        Assert.Equal(AgentState.Connected, h.Core.FindAgent(agent)!.State);
        h.AssertConsistent();
        // The re-added task holds its resources again: 3 cpus are left to offer.
        Assert.Equal(3, Assert.Single(h.Offers(10)).Resources.Cpus);
    }

    [Fact]
    public void A_broken_agent_connection_loses_only_tasks_of_frameworks_that_do_not_checkpoint()
    {
        var (h, agent, _, _) = Running(checkpoint: false);

        h.Core.OnAgentDisconnected(1);

        Assert.Equal(TaskState.Lost, Assert.Single(h.Out.Take<UpdateEvent>(10)).Status.State);
        Assert.Equal(AgentState.Disconnected, h.Core.FindAgent(agent)!.State);
    }

    [Fact]
    public void A_checkpointing_framework_keeps_its_task_while_the_agent_reconnects()
    {
        var (h, agent, fw, _) = Running(checkpoint: true);

        h.Core.OnAgentDisconnected(1);
        Assert.Empty(h.Out.Take<UpdateEvent>(10));
        h.Core.OnKill(10, new KillCall(new FrameworkId(fw), new TaskId("t1")));
        h.Core.OnReregisterAgent(2, new ReregisterAgent
        {
            Agent = new AgentInfo { Hostname = "host", Id = new AgentId(agent), Resources = Resources.Parse("cpus:4;mem:4096;ports:[31000-32000]") },
            Version = "test",
            Tasks = [new LaunchedTask { Name = "t1", TaskId = new TaskId("t1"), FrameworkId = new FrameworkId(fw), AgentId = new AgentId(agent), State = TaskState.Running, Resources = Resources.Parse("cpus:1;mem:128") }],
        }, "127.0.0.1");

        // The kill asked for while the agent was away goes out when it is back.
        Assert.Equal("t1", Assert.Single(h.Out.Take<KillTask>(2)).TaskId.Value);
        Assert.Empty(h.Out.Take<UpdateEvent>(10));
        h.AssertConsistent();
    }

    [Fact]
    public void A_framework_without_failover_timeout_is_removed_when_its_scheduler_disconnects()
    {
        var (h, _, fw, _) = Running(failover: 0);

        h.Core.OnSchedulerDisconnected(10);

        Assert.Equal(fw, Assert.Single(h.Out.Take<ShutdownFramework>(1)).FrameworkId.Value);
        Assert.Null(h.Core.FindFramework(fw));
        Assert.Equal(TaskState.Killed, h.Core.CompletedFrameworks.Single().CompletedTaskList.Single().State);
        Assert.Equal(0, h.Core.Allocator.TaskCount);

        h.Core.OnSubscribe(11, new SubscribeCall { Framework = new FrameworkInfo { User = "root", Name = "fw", Id = new FrameworkId(fw) } });
        Assert.Equal("Framework has been removed", Assert.Single(h.Out.Take<ErrorEvent>(11)).Message);
    }

    [Fact]
    public void A_framework_that_resubscribes_within_its_failover_timeout_keeps_its_tasks()
    {
        var (h, _, fw, _) = Running(failover: 60);
        h.Core.OnSchedulerDisconnected(10);
        h.Advance(TimeSpan.FromSeconds(59));

        string again = h.Framework(11, id: fw);

        Assert.Equal(fw, again);
        Assert.Empty(h.Out.Take<ShutdownFramework>(1));
        h.Advance(TimeSpan.FromSeconds(120));
        Assert.NotNull(h.Core.FindFramework(fw));
        Assert.Single(h.Core.FindFramework(fw)!.TaskList);
    }

    [Fact]
    public void A_framework_that_stays_away_past_its_failover_timeout_is_removed_and_cannot_return()
    {
        var (h, _, fw, _) = Running(failover: 60);
        h.Core.OnSchedulerDisconnected(10);

        h.Advance(TimeSpan.FromSeconds(61));

        Assert.Single(h.Out.Take<ShutdownFramework>(1));
        h.Core.OnSubscribe(11, new SubscribeCall { Framework = new FrameworkInfo { User = "root", Name = "fw", Id = new FrameworkId(fw) } });
        Assert.Equal("Framework has been removed", Assert.Single(h.Out.Take<ErrorEvent>(11)).Message);
        Assert.Contains(h.Out.Closed, c => c.Peer == 11);
    }

    [Fact]
    public void A_second_subscription_with_the_same_id_replaces_the_first()
    {
        var (h, _, fw, _) = Running(failover: 60);

        h.Framework(11, id: fw);

        Assert.Equal("Framework failed over", Assert.Single(h.Out.Take<ErrorEvent>(10)).Message);
        Assert.Contains(h.Out.Closed, c => c.Peer == 10);
        h.Core.OnSchedulerDisconnected(10);   // the old connection's close must not disturb the new one
        Assert.True(h.Core.FindFramework(fw)!.Connected);
    }

    [Fact]
    public void Implicit_reconciliation_reports_every_non_terminal_task()
    {
        var (h, agent, fw, _) = Running();

        h.Core.OnReconcile(10, new ReconcileCall { FrameworkId = new FrameworkId(fw) });

        UpdateEvent update = Assert.Single(h.Out.Take<UpdateEvent>(10));
        Assert.Equal(TaskState.Running, update.Status.State);
        Assert.Equal(TaskStatusReason.Reconciliation, update.Status.Reason);
        Assert.Null(update.Status.Uuid);
        Assert.Equal(agent, update.Status.AgentId!.Value.Value);
    }

    [Fact]
    public void Reconciliation_repeats_the_health_of_the_last_status_forwarded()
    {
        var (h, _, fw, _) = Running();
        var healthy = new FastMesos.Messages.TaskStatus
        {
            TaskId = new TaskId("t1"),
            State = TaskState.Running,
            Source = TaskStatusSource.Executor,
            Uuid = Guid.NewGuid(),
            Healthy = true,
            Timestamp = 2,
        };
        h.Core.OnStatusUpdate(1, new StatusUpdate(new FrameworkId(fw), healthy, null));
        h.Out.Clear();

        h.Core.OnReconcile(10, new ReconcileCall { FrameworkId = new FrameworkId(fw) });

        UpdateEvent update = Assert.Single(h.Out.Take<UpdateEvent>(10));
        Assert.Equal(TaskState.Running, update.Status.State);
        Assert.True(update.Status.Healthy);
        Assert.Null(update.Status.Uuid);
    }

    [Fact]
    public void Only_the_acknowledgement_of_the_terminal_update_itself_completes_the_task()
    {
        var (h, agent, fw, _) = Running();
        FastMesos.Messages.TaskStatus running = h.Update(1, fw, "t1", TaskState.Running);
        FastMesos.Messages.TaskStatus finished = h.Update(1, fw, "t1", TaskState.Finished);

        // A late acknowledgement of the earlier update leaves the finished task listed.
        h.Core.OnAcknowledge(10, new AcknowledgeCall(new FrameworkId(fw), new AgentId(agent), new TaskId("t1"), running.Uuid!.Value));
        Assert.Single(h.Core.FindFramework(fw)!.TaskList);

        h.Core.OnAcknowledge(10, new AcknowledgeCall(new FrameworkId(fw), new AgentId(agent), new TaskId("t1"), finished.Uuid!.Value));
        Assert.Empty(h.Core.FindFramework(fw)!.TaskList);
        Assert.Single(h.Core.FindFramework(fw)!.CompletedTaskList);
    }

    [Theory]
    [InlineData(false, true, TaskState.Lost)]
    [InlineData(true, true, TaskState.Gone)]
    [InlineData(true, false, TaskState.Unknown)]
    public void Explicit_reconciliation_of_an_unknown_task_follows_the_decision_table(bool partitionAware, bool knownAgent, TaskState expected)
    {
        var (h, agent, fw, _) = Running(partitionAware);

        h.Core.OnReconcile(10, new ReconcileCall
        {
            FrameworkId = new FrameworkId(fw),
            Tasks = [new ReconcileTask(new TaskId("nope"), new AgentId(knownAgent ? agent : "m1-S99"))],
        });

        Assert.Equal(expected, Assert.Single(h.Out.Take<UpdateEvent>(10)).Status.State);
    }

    [Fact]
    public void Killing_a_task_goes_to_its_agent_and_killing_an_unknown_one_reconciles()
    {
        var (h, _, fw, _) = Running();

        h.Core.OnKill(10, new KillCall(new FrameworkId(fw), new TaskId("t1")));
        h.Core.OnKill(10, new KillCall(new FrameworkId(fw), new TaskId("ghost")));

        Assert.Equal("t1", Assert.Single(h.Out.Take<KillTask>(1)).TaskId.Value);
        UpdateEvent reply = Assert.Single(h.Out.Take<UpdateEvent>(10));
        Assert.Equal("ghost", reply.Status.TaskId.Value);
        Assert.Equal(TaskState.Lost, reply.Status.State);
    }

    [Fact]
    public void An_agent_with_bad_resources_is_refused_with_a_reason()
    {
        var h = new MasterHarness();

        h.Core.OnRegisterAgent(1, new RegisterAgent
        {
            Agent = new AgentInfo { Hostname = "", Resources = Resources.Parse("cpus:1") },
            Version = "test",
        }, "127.0.0.1");

        Assert.Contains("hostname", Assert.Single(h.Out.Take<ShutdownAgent>(1)).Message, StringComparison.Ordinal);
        Assert.Contains(h.Out.Closed, c => c.Peer == 1);
        Assert.Empty(h.Core.Agents);
    }

    [Fact]
    public void Schedulers_get_heartbeats_every_interval()
    {
        var h = new MasterHarness();
        h.Framework(10);

        h.Advance(TimeSpan.FromSeconds(45));

        Assert.Equal(3, h.Out.Take<HeartbeatEvent>(10).Count);
    }

    [Fact]
    public void With_a_roles_list_only_listed_roles_and_the_default_role_may_subscribe()
    {
        var h = new MasterHarness(new MasterOptions { MasterId = MasterHarness.MasterId, Roles = ["web"] });
        h.Framework(1, roles: "web");
        h.Framework(2);
        h.Core.OnSubscribe(3, new SubscribeCall { Framework = new FrameworkInfo { User = "root", Name = "batch", Roles = ["batch"] } });
        ErrorEvent error = Assert.Single(h.Out.Take<ErrorEvent>(3));
        Assert.Contains("role 'batch' is not in the master's --roles list", error.Message, StringComparison.Ordinal);
    }
}

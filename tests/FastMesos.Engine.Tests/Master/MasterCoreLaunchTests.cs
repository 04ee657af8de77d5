using FastMesos.Engine.Master;
using FastMesos.Messages;
using TaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Engine.Tests.Master;

using FrameworkCapabilities = FastMesos.Messages.FrameworkCapabilities;

/// <summary>The offer → launch → status → acknowledgement cycle and Mesos' launch validation.</summary>
public sealed class MasterCoreLaunchTests
{
    [Fact]
    public void Ids_follow_mesos_formats_and_an_agent_is_offered_whole()
    {
        var h = new MasterHarness();
        string agent = h.Agent(1);
        string fw = h.Framework(10);

        Offer offer = Assert.Single(h.Offers(10));

        Assert.Equal("m1-S0", agent);
        Assert.Equal("m1-0000", fw);
        Assert.StartsWith("m1-O", offer.Id.Value, StringComparison.Ordinal);
        Assert.Equal(agent, offer.AgentId.Value);
        Assert.Equal(4, offer.Resources.Cpus);
        Assert.Equal("*", offer.AllocationRole);
    }

    [Fact]
    public void The_agent_gets_the_whole_task_and_the_master_keeps_it_without_its_command()
    {
        var h = new MasterHarness();
        h.Agent(1);
        string fw = h.Framework(10);
        Offer offer = Assert.Single(h.Offers(10));
        TaskInfo task = MasterHarness.Task("t1", offer) with
        {
            Command = new CommandInfo { Value = "run.sh", Environment = [new EnvironmentVariable("PORT0", "31000")] },
            Data = new byte[] { 1, 2, 3 },
            Labels = [new Label("team", "web")],
        };

        h.Launch(10, fw, offer, task);

        RunTask run = Assert.Single(h.Out.Take<RunTask>(1));
        Assert.Equal("run.sh", run.Task.Command!.Value);
        Assert.Equal("PORT0", Assert.Single(run.Task.Command.Environment).Name);
        Assert.Equal(3, run.Task.Data.Length);
        // The record keeps what the master reads (Mesos' Task has no command or data to show).
        TaskRecord kept = Assert.Single(h.Core.FindFramework(fw)!.TaskList);
        Assert.Equal("t1", kept.TaskId);
        Assert.Equal(task.Name, kept.Name);
        Assert.Null(kept.ExecutorId);   // a command task
        Assert.Null(kept.ExecutorResources);
        Assert.Equal("team", Assert.Single(kept.Labels).Key);
        Assert.Equal(1, kept.Resources.Cpus);
    }

    [Fact]
    public void Accepts_in_a_row_reuse_nothing_of_each_other_s_tasks()
    {
        // The accept's collections are reused (AcceptScratch): a task refused in one accept, or
        // launched in it, must not reach the next accept's RunTasks or its duplicate-id check.
        var h = new MasterHarness();
        h.Agent(1, "cpus:8;mem:8192;ports:[31000-32000]");
        string fw = h.Framework(10);
        Offer first = Assert.Single(h.Offers(10));
        h.Launch(10, fw, first, MasterHarness.Task("a", first), MasterHarness.Task("a", first), MasterHarness.Task("b", first));

        Assert.Equal(["a", "b"], h.Out.Take<RunTask>(1).Select(r => r.Task.TaskId.Value));
        h.Advance(TimeSpan.FromSeconds(6));   // past the 5 s refusal of the accept's leftover
        Offer second = Assert.Single(h.Offers(10));
        h.Launch(10, fw, second, MasterHarness.Task("c", second));

        Assert.Equal("c", Assert.Single(h.Out.Take<RunTask>(1)).Task.TaskId.Value);
        Assert.Equal(["a", "b", "c"], h.Core.FindFramework(fw)!.TaskList.Select(t => t.TaskId).Order());
    }

    [Fact]
    public void An_accept_scratch_is_empty_after_use_and_dropped_when_an_accept_made_it_large()
    {
        var scratch = new AcceptScratch();
        scratch.Prepare(1, 10);
        scratch.Singles.Add(new TaskInfo { Name = "t", TaskId = new TaskId("t"), AgentId = new AgentId("a") });
        scratch.TasksById["t"] = scratch.Singles[0];
        scratch.Launched.Add("t");

        Assert.True(scratch.Clear());
        Assert.Empty(scratch.Singles);
        Assert.Empty(scratch.TasksById);
        Assert.Empty(scratch.Launched);

        scratch.Prepare(1, 10_000);
        Assert.False(scratch.Clear());
    }

    [Fact]
    public void A_task_keeps_every_state_change_in_order_and_its_last_status_under_its_own_id()
    {
        var h = new MasterHarness();
        h.Agent(1);
        string fw = h.Framework(10);
        Offer offer = Assert.Single(h.Offers(10));
        h.Launch(10, fw, offer, MasterHarness.Task("t1", offer));
        TaskRecord record = Assert.Single(h.Core.FindFramework(fw)!.TaskList);
        Assert.Equal(0, record.StatusCount);   // STAGING is the master's own, not a change the agent sent

        // Past the first two changes the history grows; a repeated state is recorded once.
        TaskState[] states = [TaskState.Starting, TaskState.Running, TaskState.Running, TaskState.Killing, TaskState.Finished];
        foreach (TaskState state in states)
            h.Update(1, fw, new string("t1".AsSpan()), state);   // an id of its own, as a decoded update has

        TaskState[] expected = [TaskState.Starting, TaskState.Running, TaskState.Killing, TaskState.Finished];
        Assert.Equal(expected, Enumerable.Range(0, record.StatusCount).Select(i => record.StatusAt(i).State));
        Assert.Equal(TaskState.Finished, record.LastStatusState);
    }

    [Fact]
    public void A_launched_task_reaches_its_agent_and_its_updates_and_acks_are_routed()
    {
        var h = new MasterHarness();
        string agent = h.Agent(1);
        string fw = h.Framework(10);
        Offer offer = Assert.Single(h.Offers(10));

        h.Launch(10, fw, offer, MasterHarness.Task("t1", offer));
        RunTask run = Assert.Single(h.Out.Take<RunTask>(1));
        Assert.Equal("t1", run.Task.TaskId.Value);
        Assert.Equal(fw, run.Framework.Id!.Value.Value);

        TaskStatus running = h.Update(1, fw, "t1", TaskState.Running);
        UpdateEvent forwarded = Assert.Single(h.Out.Take<UpdateEvent>(10));
        Assert.Equal(TaskState.Running, forwarded.Status.State);
        Assert.Equal(agent, forwarded.Status.AgentId!.Value.Value);
        Assert.Equal(running.Uuid, forwarded.Status.Uuid);

        h.Core.OnAcknowledge(10, new AcknowledgeCall(new FrameworkId(fw), new AgentId(agent), new TaskId("t1"), running.Uuid!.Value));
        StatusUpdateAcknowledgement ack = Assert.Single(h.Out.Take<StatusUpdateAcknowledgement>(1));
        Assert.Equal(running.Uuid, ack.Uuid);
        Assert.Equal(TaskState.Running, h.Core.FindFramework(fw)!.TaskList.Single().State);
    }

    [Fact]
    public void Resources_return_when_the_latest_state_is_terminal_before_the_ack()
    {
        var h = new MasterHarness();
        string agent = h.Agent(1, "cpus:2;mem:1024");
        string fw = h.Framework(10);
        Offer offer = Assert.Single(h.Offers(10));
        h.Launch(10, fw, offer, MasterHarness.Task("t1", offer, "cpus:2;mem:1024"));
        Assert.Empty(h.Offers(10));

        // The agent still waits for RUNNING's ack but tells the master the task already finished.
        h.Update(1, fw, "t1", TaskState.Running, latest: TaskState.Finished);

        h.Clock.Advance(TimeSpan.FromSeconds(1));
        h.Core.Tick();
        Assert.Single(h.Out.Take<OffersEvent>(10));
        Assert.Equal(TaskState.Finished, h.Core.FindFramework(fw)!.TaskList.Single().State);
        Assert.Equal(1, h.Core.Counters.TasksFinished);
    }

    [Fact]
    public void An_acknowledged_terminal_update_completes_the_task()
    {
        var h = new MasterHarness();
        string agent = h.Agent(1);
        string fw = h.Framework(10);
        Offer offer = Assert.Single(h.Offers(10));
        h.Launch(10, fw, offer, MasterHarness.Task("t1", offer));

        TaskStatus finished = h.Update(1, fw, "t1", TaskState.Finished);
        h.Core.OnAcknowledge(10, new AcknowledgeCall(new FrameworkId(fw), new AgentId(agent), new TaskId("t1"), finished.Uuid!.Value));

        FrameworkRecordView(h, fw, out int active, out int completed);
        Assert.Equal(0, active);
        Assert.Equal(1, completed);
    }

    [Fact]
    public void Launching_on_an_unknown_offer_loses_the_task_with_invalid_offers()
    {
        var h = new MasterHarness();
        h.Agent(1);
        string fw = h.Framework(10);
        Offer offer = Assert.Single(h.Offers(10));
        Offer stale = offer with { Id = new OfferId("m1-O999999") };

        h.Launch(10, fw, stale, MasterHarness.Task("t1", offer));

        UpdateEvent update = Assert.Single(h.Out.Take<UpdateEvent>(10));
        Assert.Equal(TaskState.Lost, update.Status.State);
        Assert.Equal(TaskStatusReason.InvalidOffers, update.Status.Reason);
        Assert.Equal(TaskStatusSource.Master, update.Status.Source);
        Assert.Null(update.Status.Uuid);
        Assert.Empty(h.Out.Take<RunTask>(1));
    }

    [Fact]
    public void A_partition_aware_framework_gets_dropped_for_invalid_offers()
    {
        var h = new MasterHarness();
        h.Agent(1);
        string fw = h.Framework(10, capabilities: FrameworkCapabilities.PartitionAware);
        Offer offer = Assert.Single(h.Offers(10));
        h.Launch(10, fw, offer, MasterHarness.Task("t1", offer));
        h.Out.Clear();

        h.Launch(10, fw, offer, MasterHarness.Task("t2", offer));   // the offer was used up by the first accept

        Assert.Equal(TaskState.Dropped, Assert.Single(h.Out.Take<UpdateEvent>(10)).Status.State);
    }

    [Theory]
    [InlineData("dup", "Task has duplicate ID")]
    [InlineData("empty", "Task uses no resources")]
    [InlineData("too-big", "")]
    [InlineData("no-command", "at least one (but not both)")]
    [InlineData("bad-id", "invalid character")]
    public void An_invalid_task_is_an_error_and_the_valid_ones_still_launch(string kind, string message)
    {
        var h = new MasterHarness();
        h.Agent(1);
        string fw = h.Framework(10);
        Offer offer = Assert.Single(h.Offers(10));
        TaskInfo good = MasterHarness.Task("good", offer);
        TaskInfo bad = kind switch
        {
            "dup" => MasterHarness.Task("good", offer),
            "empty" => MasterHarness.Task("bad", offer) with { Resources = Resources.Empty },
            "too-big" => MasterHarness.Task("bad", offer, "cpus:64;mem:128"),
            "no-command" => MasterHarness.Task("bad", offer) with { Command = null },
            _ => MasterHarness.Task("a/b", offer),
        };

        h.Launch(10, fw, offer, good, bad);

        Assert.Equal("good", Assert.Single(h.Out.Take<RunTask>(1)).Task.TaskId.Value);
        UpdateEvent error = Assert.Single(h.Out.Take<UpdateEvent>(10));
        Assert.Equal(TaskState.Error, error.Status.State);
        Assert.Equal(TaskStatusReason.TaskInvalid, error.Status.Reason);
        Assert.Contains(message, error.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_declined_offer_is_not_made_again_until_its_filter_expires()
    {
        var h = new MasterHarness();
        h.Agent(1);
        string fw = h.Framework(10);
        Offer offer = Assert.Single(h.Offers(10));

        h.Core.OnDecline(10, new DeclineCall { FrameworkId = new FrameworkId(fw), OfferIds = [offer.Id], Filters = new Filters(10) });

        h.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(h.Out.Take<OffersEvent>(10));
        h.Advance(TimeSpan.FromSeconds(2));
        Assert.Single(h.Out.Take<OffersEvent>(10));
    }

    [Fact]
    public void Two_frameworks_share_agents_by_dominant_share()
    {
        var h = new MasterHarness();
        for (int i = 0; i < 4; i++)
            h.Agent(1 + i, "cpus:1;mem:1024");
        h.Framework(10, "a");
        h.Framework(11, "b");

        h.Core.Allocate();

        Assert.Equal(2, h.Out.Take<OffersEvent>(10).Sum(e => e.Offers.Count));
        Assert.Equal(2, h.Out.Take<OffersEvent>(11).Sum(e => e.Offers.Count));
    }

    [Fact]
    public void A_call_from_a_connection_that_did_not_subscribe_is_refused_with_an_error()
    {
        var h = new MasterHarness();
        string fw = h.Framework(10);

        h.Core.OnRevive(11, new ReviveCall { FrameworkId = new FrameworkId(fw) });
        h.Core.OnRevive(10, new ReviveCall { FrameworkId = new FrameworkId("other") });

        Assert.Contains("not subscribed", Assert.Single(h.Out.Take<ErrorEvent>(11)).Message, StringComparison.Ordinal);
        Assert.Contains("subscribed as", Assert.Single(h.Out.Take<ErrorEvent>(10)).Message, StringComparison.Ordinal);
        Assert.Equal(2, h.Core.Counters.InvalidFrameworkCalls);
    }

    private static void FrameworkRecordView(MasterHarness h, string fw, out int active, out int completed)
    {
        active = h.Core.FindFramework(fw)!.TaskList.Count();
        completed = h.Core.FindFramework(fw)!.CompletedTaskList.Count();
    }

    [Fact]
    public void An_offer_outstanding_past_the_offer_timeout_is_rescinded_and_offered_again()
    {
        var h = new MasterHarness(new MasterOptions
        {
            MasterId = MasterHarness.MasterId,
            Allocator = new AllocatorOptions { OfferTimeout = TimeSpan.FromSeconds(5) },
        });
        h.Agent(1);
        h.Framework(2);
        Offer offer = Assert.Single(h.Offers(2));

        h.Advance(TimeSpan.FromSeconds(6));

        FastMesos.Messages.RescindEvent rescind = Assert.Single(h.Out.Take<FastMesos.Messages.RescindEvent>(2));
        Assert.Equal(offer.Id, rescind.OfferId);
        Offer again = Assert.Single(h.Offers(2));
        Assert.NotEqual(offer.Id, again.Id);
        Assert.Equal(offer.AgentId, again.AgentId);
    }
}

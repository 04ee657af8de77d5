using FastMesos.Engine.Master;
using FastMesos.Messages;

namespace FastMesos.Engine.Tests.Master;

/// <summary>
/// A new master learns the completed tasks of a failover's past from the agents' re-registrations
/// (Mesos <c>completed_frameworks</c>), for the frameworks it knows, bounded, and only once.
/// </summary>
public sealed class MasterCoreCompletedTasksTests
{
    private const string Fw = "m0-0000";

    private static FrameworkInfo Info(string id) => new() { User = "root", Name = "fw", Id = new FrameworkId(id), Checkpoint = true };

    private static LaunchedTask Task(string id, string agent, string framework, TaskState state) => new()
    {
        Name = id, TaskId = new TaskId(id), FrameworkId = new FrameworkId(framework), AgentId = new AgentId(agent),
        State = state, Resources = Resources.Parse("cpus:1;mem:128"),
    };

    private static ReregisterAgent Reregistration(string agent, IReadOnlyList<LaunchedTask> running, IReadOnlyList<CompletedFramework> completed) => new()
    {
        Agent = new AgentInfo { Hostname = agent, Id = new AgentId(agent), Resources = Resources.Parse("cpus:4;mem:4096") },
        Version = "test",
        Tasks = running,
        Frameworks = running.Count > 0 ? [Info(Fw)] : [],
        CompletedFrameworks = completed,
    };

    [Fact]
    public void A_new_master_keeps_the_completed_tasks_an_agent_reports_for_a_framework_it_knows()
    {
        var h = new MasterHarness();
        // Agent a1 still runs a task of the framework (so the new master knows it); a2 runs nothing of it any more.
        h.Core.OnReregisterAgent(1, Reregistration("a1", [Task("t1", "a1", Fw, TaskState.Running)], []), "127.0.0.1");
        h.Core.OnReregisterAgent(2, Reregistration("a2", [], [new CompletedFramework
        {
            Framework = Info(Fw),
            Tasks = [Task("t2", "a2", Fw, TaskState.Finished), Task("t3", "a2", Fw, TaskState.Failed)],
        }]), "127.0.0.1");

        FrameworkRecord fw = h.Core.FindFramework(Fw)!;
        Assert.Equal(["t2", "t3"], fw.CompletedTaskList.Select(t => t.TaskId));
        Assert.Equal([TaskState.Finished, TaskState.Failed], fw.CompletedTaskList.Select(t => t.State));
        Assert.All(fw.CompletedTaskList, t => Assert.Equal("a2", t.AgentId));
        Assert.Equal(1, fw.CompletedTaskList.First().StatusCount);
        Assert.Equal(["t1"], fw.Tasks.Values.Select(t => t.TaskId));
        // They ended under the old master: no metric counts them again, and they hold nothing.
        Assert.Equal(0, h.Core.Counters.TasksFinished + h.Core.Counters.TasksFailed);
        Assert.Equal(1, h.Core.Allocator.TaskCount);
        h.AssertConsistent();
    }

    [Fact]
    public void Completed_tasks_of_a_framework_the_master_does_not_know_are_dropped()
    {
        var h = new MasterHarness();
        h.Core.OnReregisterAgent(1, Reregistration("a1", [], [new CompletedFramework
        {
            Framework = Info("gone"),
            Tasks = [Task("t1", "a1", "gone", TaskState.Finished)],
        }]), "127.0.0.1");

        Assert.Single(h.Out.Take<AgentReregistered>(1));
        Assert.Null(h.Core.FindFramework("gone"));
        Assert.Empty(h.Core.CompletedFrameworks);
        h.AssertConsistent();
    }

    [Fact]
    public void An_agent_back_on_the_master_it_left_does_not_add_its_completed_tasks_twice()
    {
        var h = new MasterHarness();
        CompletedFramework history = new() { Framework = Info(Fw), Tasks = [Task("t2", "a1", Fw, TaskState.Finished)] };
        h.Core.OnReregisterAgent(1, Reregistration("a1", [Task("t1", "a1", Fw, TaskState.Running)], [history]), "127.0.0.1");
        h.Core.OnAgentDisconnected(1);

        h.Core.OnReregisterAgent(2, Reregistration("a1", [Task("t1", "a1", Fw, TaskState.Running)], [history]), "127.0.0.1");

        Assert.Equal(["t2"], h.Core.FindFramework(Fw)!.CompletedTaskList.Select(t => t.TaskId));
        h.AssertConsistent();
    }

    [Fact]
    public void A_leader_that_recovered_the_agent_from_the_registry_takes_its_completed_tasks_too()
    {
        // The old leader knew the agent and the framework (a task of it ran and finished there).
        var old = new MasterHarness(new MasterOptions { MasterId = "old" });
        string agent = old.Agent(1);
        string fw = old.Framework(10, failoverTimeout: 3600);
        MasterRegistry registry = old.Core.SnapshotRegistry();
        var h = new MasterHarness(new MasterOptions { MasterId = "new", DurableRegistry = true, AgentReregisterTimeout = TimeSpan.FromSeconds(30) });
        h.Core.Recover(registry);
        Assert.Equal(AgentState.Recovered, h.Core.FindAgent(agent)!.State);

        h.Core.OnReregisterAgent(2, Reregistration(agent, [], [new CompletedFramework { Framework = Info(fw), Tasks = [Task("t1", agent, fw, TaskState.Finished)] }]),
            "127.0.0.1");

        Assert.Single(h.Out.Take<AgentReregistered>(2));
        Assert.Equal(["t1"], h.Core.FindFramework(fw)!.CompletedTaskList.Select(t => t.TaskId));
        h.AssertConsistent();
    }

    [Fact]
    public void Reported_completed_tasks_are_bounded_like_any_and_only_terminal_ones_count()
    {
        var h = new MasterHarness(new MasterOptions { MasterId = MasterHarness.MasterId, MaxCompletedTasksPerFramework = 2 });
        h.Core.OnReregisterAgent(1, Reregistration("a1", [Task("t1", "a1", Fw, TaskState.Running)], [new CompletedFramework
        {
            Framework = Info(Fw),
            // A task that is not terminal is no completed task; c5 is skipped for it, not for the bound.
            Tasks = [Task("c1", "a1", Fw, TaskState.Finished), Task("c2", "a1", Fw, TaskState.Finished), Task("c3", "a1", Fw, TaskState.Killed),
                Task("c4", "a1", Fw, TaskState.Lost), Task("c5", "a1", Fw, TaskState.Running)],
        }]), "127.0.0.1");

        FrameworkRecord fw = h.Core.FindFramework(Fw)!;
        Assert.Equal(["c3", "c4"], fw.CompletedTaskList.Select(t => t.TaskId));
        Assert.Equal(TaskState.Running, Assert.Single(fw.Tasks.Values).State);
        h.AssertConsistent();
    }

    [Fact]
    public void A_completed_task_whose_id_runs_again_is_kept_beside_the_running_one()
    {
        // Mesos lets a framework use an ended task's id again; the agent's history holds the earlier run.
        var h = new MasterHarness();
        h.Core.OnReregisterAgent(1, Reregistration("a1", [Task("t1", "a1", Fw, TaskState.Running)],
            [new CompletedFramework { Framework = Info(Fw), Tasks = [Task("t1", "a1", Fw, TaskState.Failed)] }]), "127.0.0.1");

        FrameworkRecord fw = h.Core.FindFramework(Fw)!;
        Assert.Equal(TaskState.Failed, Assert.Single(fw.CompletedTaskList).State);
        Assert.Equal(TaskState.Running, Assert.Single(fw.Tasks.Values).State);
        h.AssertConsistent();
    }
}

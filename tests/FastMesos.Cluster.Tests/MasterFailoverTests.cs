using System.Diagnostics;
using System.Text.Json;
using FastMesos.Cluster.Tests.Support;
using FastMesos.Coordination.Tests;
using FastMesos.Messages;
using FastMesos.Scheduler;
using Xunit.Abstractions;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Cluster.Tests;

/// <summary>
/// Issue 5's end-to-end master failover with real processes: three masters electing through a real
/// ZooKeeper, two agents and a framework following the leader through ZooKeeper, four running
/// tasks. The leader is SIGKILLed; a standby takes over within the session timeout plus a margin,
/// the agents re-register with their ids and tasks, the framework re-subscribes with its id, and
/// every task still runs: nothing is lost.
/// </summary>
public sealed class MasterFailoverTests(ITestOutputHelper output)
{
    private const int TaskCount = 4;

    /// <summary>
    /// How long the election may take after the kill: the dead leader's session expires after
    /// <see cref="HaClusterHarness.ZkSessionTimeout"/>, then the next standby recovers the registry.
    /// The margin covers a loaded 2-core machine, not a slow product.
    /// </summary>
    private static readonly TimeSpan ElectionBound = HaClusterHarness.ZkSessionTimeout + TimeSpan.FromSeconds(8);

    [Fact]
    public async Task Killing_the_leader_twice_elects_a_standby_each_time_and_agents_framework_and_tasks_carry_on()
    {
        // The second failover runs on what the first successor wrote to the registry; like a
        // supervisor would, a replacement master is started first so that a quorum of two stays up.
        await using HaClusterHarness cluster = await HaClusterHarness.StartAsync(ensemble: false);
        await KillLeaderAndVerifyAsync(cluster, failovers: 2, afterFirstKill: static () => Task.CompletedTask);
    }

    [Fact]
    public async Task Killing_the_leader_with_one_ZooKeeper_server_of_three_down_loses_nothing()
    {
        await using HaClusterHarness cluster = await HaClusterHarness.StartAsync(ensemble: true);
        // The busiest ZooKeeper member dies right after the leader: the election and the clients'
        // reconnections (masters, agents, the scheduler's locator) run on the remaining two.
        await KillLeaderAndVerifyAsync(cluster, failovers: 1, afterFirstKill: async () =>
        {
            ZooKeeperServer member = await cluster.BusiestZooKeeperMemberAsync();
            output.WriteLine($"stopping ZooKeeper member 127.0.0.1:{member.Port}");
            await member.StopAsync();
        });
    }

    [Fact]
    public async Task An_agent_dying_with_the_leader_is_marked_unreachable_after_the_reregister_timeout_and_comes_back_with_its_tasks()
    {
        await using HaClusterHarness cluster = await HaClusterHarness.StartAsync(ensemble: false);
        MasterProcess leader = await cluster.StartMastersAsync(count: 3, quorum: 2, agentReregisterTimeout: TimeSpan.FromSeconds(3));
        (ChildProcess agent1, Uri agent1Url) = await cluster.StartAgentProcessAsync("cpus:1;mem:256;disk:100");
        (ChildProcess agent2, Uri agent2Url) = await cluster.StartAgentProcessAsync("cpus:1;mem:256;disk:100");
        List<string> agentIds = await AgentIdsAsync(agent1Url, agent2Url);
        RecordingScheduler scheduler = TwoTasksPerAgent();
        SchedulerDriver driver = await cluster.SubscribeAsync(ClusterHarness.Framework("ha", checkpoint: true, failoverTimeoutSeconds: 3600), scheduler);
        var onDeadAgent = new List<ReconcileTask>();
        for (int i = 1; i <= TaskCount; i++)
        {
            MesosTaskStatus running = await scheduler.WaitFor("t-" + i, TaskState.Running);
            if (running.AgentId!.Value.Value == agentIds[1])
                onDeadAgent.Add(new ReconcileTask(running.TaskId, running.AgentId));
        }

        Assert.Equal(2, onDeadAgent.Count);
        List<int> sleeps = await TestCgroups.SleepPidsAsync(cluster.CgroupsPrefix, TaskCount);

        agent2.KillHard();
        await agent2.WaitForExitAsync(TimeSpan.FromSeconds(10));
        leader.Process.KillHard();
        await leader.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        MasterProcess successor = await cluster.LeaderAsync(previous: leader, ElectionBound);

        // Agent 1 re-registers; agent 2 stays "recovered" until the re-register timeout marks it unreachable.
        await Eventually.Until(async () =>
        {
            using JsonDocument state = await HaClusterHarness.StateAsync(successor);
            return SameSet([agentIds[0]], Ids(state, "slaves")) && Ids(state, "recovered_slaves").Count == 0;
        }, $"agent 1 re-registered and agent 2 no longer recovered on {successor}; {cluster.MasterLogs()}");
        await Eventually.Until(() => driver.IsSubscribed && scheduler.Subscriptions.Count == 2, "the framework to re-subscribe");

        // Reconciling the dead agent's tasks: the new leader never heard of them, the framework is not
        // partition-aware, so they are LOST; the processes themselves still run, orphaned.
        int updatesBefore = scheduler.Updates.Count;
        Assert.True(driver.Reconcile(onDeadAgent));
        foreach (ReconcileTask task in onDeadAgent)
        {
            MesosTaskStatus lost = await Eventually.First(() => scheduler.Updates.Skip(updatesBefore).ToList(),
                s => s.TaskId == task.TaskId, $"reconciliation of {task.TaskId.Value}");
            Assert.Equal(TaskState.Lost, lost.State);
        }

        foreach (int pid in sleeps)
            Assert.True(TestCgroups.IsAlive(pid), $"task process {pid} died");

        // The agent restarts on its work dir: it re-registers with its id and its tasks run again.
        (ChildProcess restarted, _) = await cluster.StartAgentProcessAsync("cpus:1;mem:256;disk:100", restart: 2);
        await Eventually.Until(async () =>
        {
            using JsonDocument state = await HaClusterHarness.StateAsync(successor);
            return SameSet(agentIds, Ids(state, "slaves")) && RunningTasks(state, driver.FrameworkId!.Value.Value).Count == TaskCount;
        }, $"agent 2 back with its tasks running on {successor}; agent: {restarted.Stderr}; {cluster.MasterLogs()}");
        // Reconciliation (how a framework told LOST learns otherwise) now answers RUNNING.
        Assert.True(driver.Reconcile(onDeadAgent));
        foreach (ReconcileTask task in onDeadAgent)
        {
            await Eventually.Until(() => scheduler.UpdatesOf(task.TaskId.Value)[^1] is { State: TaskState.Running, Reason: TaskStatusReason.Reconciliation },
                $"RUNNING for {task.TaskId.Value} after the agent's return (got: {scheduler.Describe(task.TaskId.Value)})");
        }

        foreach (int pid in sleeps)
            Assert.True(TestCgroups.IsAlive(pid), $"task process {pid} died");
        Assert.False(agent1.HasExited);
    }

    private async Task KillLeaderAndVerifyAsync(HaClusterHarness cluster, int failovers, Func<Task> afterFirstKill)
    {
        MasterProcess leader = await cluster.StartMastersAsync(count: 3, quorum: 2);
        (ChildProcess agent1, Uri agent1Url) = await cluster.StartAgentProcessAsync("cpus:1;mem:256;disk:100");
        (ChildProcess agent2, Uri agent2Url) = await cluster.StartAgentProcessAsync("cpus:1;mem:256;disk:100");
        List<string> agentIds = await AgentIdsAsync(agent1Url, agent2Url);
        await Eventually.Until(async () =>
        {
            using JsonDocument state = await HaClusterHarness.StateAsync(leader);
            return SameSet(agentIds, Ids(state, "slaves"));
        }, "both agents registered with the leader");

        RecordingScheduler scheduler = TwoTasksPerAgent();
        SchedulerDriver driver = await cluster.SubscribeAsync(
            ClusterHarness.Framework("ha", checkpoint: true, failoverTimeoutSeconds: 3600), scheduler);
        FrameworkId frameworkId = driver.FrameworkId!.Value;
        var runningOn = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 1; i <= TaskCount; i++)
            runningOn.Add((await scheduler.WaitFor("t-" + i, TaskState.Running)).AgentId!.Value.Value);
        Assert.True(SameSet(agentIds, [.. runningOn]), "the tasks are not spread over both agents");
        List<int> sleeps = await TestCgroups.SleepPidsAsync(cluster.CgroupsPrefix, TaskCount);
        var workload = new HaWorkload([agent1, agent2], agentIds, driver, scheduler, frameworkId, sleeps);
        for (int failover = 1; failover <= failovers; failover++)
        {
            if (failover > 1)
                await cluster.StartMastersAsync(count: 1, quorum: 2);
            leader = await FailOverAsync(cluster, leader, workload, failover == 1 ? afterFirstKill : static () => Task.CompletedTask);
        }

        // The new leader manages the recovered tasks: a kill reaches the task's agent, the process
        // dies and TASK_KILLED comes back through the new leader; the other tasks run on.
        MesosTaskStatus first = scheduler.UpdatesOf("t-1")[^1];
        Assert.True(driver.Kill(new TaskId("t-1"), first.AgentId));
        await scheduler.WaitFor("t-1", TaskState.Killed);
        List<int> left = await TestCgroups.SleepPidsAsync(cluster.CgroupsPrefix, TaskCount - 1);
        Assert.All(left, pid => Assert.Contains(pid, sleeps));
    }

    /// <summary>
    /// SIGKILLs the leader and checks that a standby takes over and that nothing of the workload is
    /// lost; returns the new leader.
    /// </summary>
    private async Task<MasterProcess> FailOverAsync(HaClusterHarness cluster, MasterProcess leader, HaWorkload workload, Func<Task> afterKill)
    {
        (ChildProcess[] agents, List<string> agentIds, SchedulerDriver driver, RecordingScheduler scheduler, FrameworkId frameworkId, List<int> sleeps) = workload;
        int subscriptionsBefore = scheduler.Subscriptions.Count;
        int offersBefore = scheduler.AllOffers.Count;

        var clock = Stopwatch.StartNew();
        leader.Process.KillHard();
        await leader.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await afterKill();

        MasterProcess successor = await cluster.LeaderAsync(previous: leader, ElectionBound);
        TimeSpan elected = clock.Elapsed;
        Assert.True(elected < ElectionBound, $"the election took {elected.TotalSeconds:0.0} s");
        output.WriteLine($"killed leader {leader}; {successor} elected after {elected.TotalSeconds:0.00} s");

        // The agents re-register with the ids the old leader gave them: none stays "recovered".
        await Eventually.Until(async () =>
        {
            using JsonDocument state = await HaClusterHarness.StateAsync(successor);
            return SameSet(agentIds, Ids(state, "slaves")) && Ids(state, "recovered_slaves").Count == 0;
        }, $"both agents re-registered with the new leader {successor}; {cluster.MasterLogs()}");
        output.WriteLine($"both agents re-registered after {clock.Elapsed.TotalSeconds:0.00} s");

        // The framework re-subscribes with its id and the new leader shows every task running.
        await Eventually.Until(() => scheduler.Subscriptions.Count > subscriptionsBefore && driver.IsSubscribed,
            "the framework to re-subscribe with the new leader");
        Assert.Equal(frameworkId, scheduler.Subscriptions[^1].FrameworkId);
        output.WriteLine($"the framework re-subscribed after {clock.Elapsed.TotalSeconds:0.00} s");
        await Eventually.Until(async () =>
        {
            using JsonDocument state = await HaClusterHarness.StateAsync(successor);
            return RunningTasks(state, frameworkId.Value).Count == TaskCount;
        }, $"all {TaskCount} tasks running on the new leader");

        // Explicit reconciliation through the new leader answers RUNNING for every task.
        int updatesBefore = scheduler.Updates.Count;
        var reconcile = new List<ReconcileTask>();
        for (int i = 1; i <= TaskCount; i++)
            reconcile.Add(new ReconcileTask(new TaskId("t-" + i), scheduler.UpdatesOf("t-" + i)[^1].AgentId));
        Assert.True(driver.Reconcile(reconcile));
        await Eventually.Until(() =>
        {
            IReadOnlyList<MesosTaskStatus> updates = scheduler.Updates;
            var reconciled = new HashSet<string>(StringComparer.Ordinal);
            for (int i = updatesBefore; i < updates.Count; i++)
            {
                if (updates[i] is { State: TaskState.Running, Reason: TaskStatusReason.Reconciliation })
                    reconciled.Add(updates[i].TaskId.Value);
            }

            return reconciled.Count == TaskCount;
        }, $"reconciliation to answer RUNNING for all {TaskCount} tasks");

        // The new leader accounts for the recovered tasks: it offers each agent only what its two
        // tasks leave free (an allocator that forgot them would offer the whole agent again).
        var offeredAfter = new Dictionary<string, Offer>(StringComparer.Ordinal);
        await Eventually.Until(() =>
        {
            IReadOnlyList<Offer> offers = scheduler.AllOffers;
            for (int i = offersBefore; i < offers.Count; i++)
                offeredAfter[offers[i].AgentId.Value] = offers[i];
            return offeredAfter.Count == agentIds.Count;
        }, "offers of both agents from the new leader");
        foreach (Offer offer in offeredAfter.Values)
        {
            Assert.Equal(0.8, offer.Resources.Cpus, 6);
            Assert.Equal(256 - 64, offer.Resources.Mem, 6);
        }

        foreach (int pid in sleeps)
            Assert.True(TestCgroups.IsAlive(pid), $"task process {pid} died during the failover");
        Assert.Equal(sleeps.Count, (await TestCgroups.SleepPidsAsync(cluster.CgroupsPrefix, TaskCount)).Count);
        foreach (ChildProcess agent in agents)
            Assert.False(agent.HasExited, $"agent {agent.Id} exited: {agent.Stderr}");
        foreach (MesosTaskStatus status in scheduler.Updates)
            Assert.True(status.State is TaskState.Staging or TaskState.Starting or TaskState.Running, $"{status.TaskId.Value}: {status.State} {status.Reason} '{status.Message}'");
        Assert.Empty(scheduler.Errors);
        Assert.Equal(SchedulerDriverState.Running, driver.State);
        return successor;
    }

    /// <summary>Launches two <c>sleep 600</c> tasks in the first offer of each agent and declines the rest.</summary>
    private static RecordingScheduler TwoTasksPerAgent()
    {
        var launchedOn = new HashSet<string>(StringComparer.Ordinal);
        int next = 0;
        return new RecordingScheduler
        {
            OnOffers = (driver, offers) =>
            {
                foreach (Offer offer in offers)
                {
                    if (next >= TaskCount || !launchedOn.Add(offer.AgentId.Value))
                    {
                        driver.Decline(offer.Id, 3600);
                        continue;
                    }

                    driver.Launch(offer.Id, [
                        ClusterHarness.ShellTask("t-" + ++next, offer, "sleep 600"),
                        ClusterHarness.ShellTask("t-" + ++next, offer, "sleep 600"),
                    ]);
                }
            },
        };
    }

    /// <summary>Each agent's id from its own /state (it has one once it registered).</summary>
    private static async Task<List<string>> AgentIdsAsync(params Uri[] agents)
    {
        var ids = new List<string>();
        foreach (Uri agent in agents)
        {
            string id = "";
            await Eventually.Until(async () =>
            {
                using JsonDocument state = await ClusterHarness.GetJsonAsync(new Uri(agent, "state"));
                id = state.RootElement.TryGetProperty("id", out JsonElement value) ? value.GetString() ?? "" : "";
                return id.Length > 0;
            }, $"agent {agent} to get an id");
            ids.Add(id);
        }

        return ids;
    }

    /// <summary>The ids of the objects in the array <paramref name="property"/> of the state.</summary>
    private static List<string> Ids(JsonDocument state, string property)
    {
        var ids = new List<string>();
        foreach (JsonElement item in state.RootElement.GetProperty(property).EnumerateArray())
            ids.Add(item.GetProperty("id").GetString()!);
        return ids;
    }

    /// <summary>The ids of the framework's TASK_RUNNING tasks in a master's /master/state.</summary>
    private static List<string> RunningTasks(JsonDocument state, string frameworkId)
    {
        var running = new List<string>();
        foreach (JsonElement framework in state.RootElement.GetProperty("frameworks").EnumerateArray())
        {
            if (framework.GetProperty("id").GetString() != frameworkId)
                continue;
            foreach (JsonElement task in framework.GetProperty("tasks").EnumerateArray())
            {
                if (task.GetProperty("state").GetString() == "TASK_RUNNING")
                    running.Add(task.GetProperty("id").GetString()!);
            }
        }

        return running;
    }

    private static bool SameSet(List<string> expected, List<string> actual) =>
        expected.Count == actual.Count && new HashSet<string>(expected, StringComparer.Ordinal).SetEquals(actual);
}

using FastMesos.Engine.Master;
using FastMesos.Messages;

namespace FastMesos.Engine.Tests.Master;

/// <summary>
/// The registry (specs/mesos.md §1.3, §6.3): with a durable registry a registration is answered only
/// once the registry listing the agent is stored; a new leader recovers agents and frameworks from
/// it, takes them back with their ids and tasks, and marks agents that stay away unreachable after
/// the agent re-register timeout.
/// </summary>
public sealed class MasterCoreRegistryTests
{
    private static readonly Resources AgentResources = Resources.Parse("cpus:4;mem:4096;ports:[31000-32000]");

    private static MasterOptions Durable(string masterId = MasterHarness.MasterId) =>
        new() { MasterId = masterId, DurableRegistry = true, AgentReregisterTimeout = TimeSpan.FromSeconds(30) };

    private static RegisterAgent Register(string hostname = "host") =>
        new() { Agent = new AgentInfo { Hostname = hostname, Resources = AgentResources }, Version = "test" };

    private static ReregisterAgent Reregister(string agentId, string? frameworkId = null, string? taskId = null) => new()
    {
        Agent = new AgentInfo { Hostname = "host", Id = new AgentId(agentId), Resources = AgentResources },
        Version = "test",
        Tasks = taskId is null
            ? []
            : [new LaunchedTask { Name = taskId, TaskId = new TaskId(taskId), FrameworkId = new FrameworkId(frameworkId!), AgentId = new AgentId(agentId), State = TaskState.Running, Resources = Resources.Parse("cpus:1;mem:128") }],
    };

    [Fact]
    public void A_durable_registration_is_answered_only_after_the_registry_is_stored()
    {
        var h = new MasterHarness(Durable());
        h.Framework(10);
        long before = h.Core.RegistryVersion;

        h.Core.OnRegisterAgent(1, Register(), "127.0.0.1");

        Assert.Empty(h.Out.Take<AgentRegistered>(1));
        Assert.Empty(h.Out.Take<Ping>(1));
        Assert.True(h.Core.RegistryVersion > before);
        Assert.Empty(h.Offers(10));   // not offered before it is admitted for good
        // A retry on the same connection is not answered early either.
        h.Core.OnRegisterAgent(1, Register(), "127.0.0.1");
        Assert.Empty(h.Out.Take<AgentRegistered>(1));

        MasterRegistry stored = h.Core.SnapshotRegistry();
        RegistryAgent listed = Assert.Single(stored.Agents);
        Assert.Null(listed.UnreachableTime);
        h.Core.OnRegistryStored(h.Core.RegistryVersion);

        Assert.Equal(listed.Info.Id!.Value.Value, Assert.Single(h.Out.Take<AgentRegistered>(1)).AgentId.Value);
        Assert.Single(h.Out.Take<Ping>(1));
        Assert.Single(h.Offers(10));
    }

    [Fact]
    public void A_store_of_an_older_version_does_not_answer_a_newer_registration()
    {
        var h = new MasterHarness(Durable());
        h.Core.OnRegisterAgent(1, Register("a"), "127.0.0.1");
        long first = h.Core.RegistryVersion;
        h.Core.OnRegisterAgent(2, Register("b"), "127.0.0.1");

        h.Core.OnRegistryStored(first);

        Assert.Single(h.Out.Take<AgentRegistered>(1));
        Assert.Empty(h.Out.Take<AgentRegistered>(2));
        h.Core.OnRegistryStored(h.Core.RegistryVersion);
        Assert.Single(h.Out.Take<AgentRegistered>(2));
    }

    [Fact]
    public void Without_a_durable_registry_registrations_are_answered_at_once()
    {
        var h = new MasterHarness();

        h.Core.OnRegisterAgent(1, Register(), "127.0.0.1");

        Assert.Single(h.Out.Take<AgentRegistered>(1));
    }

    [Fact]
    public void The_snapshot_lists_admitted_and_unreachable_agents_and_live_frameworks()
    {
        var h = new MasterHarness();
        string stays = h.Agent(1, hostname: "stays");
        string leaves = h.Agent(2, hostname: "leaves");
        string fw = h.Framework(10, failoverTimeout: 3600);
        string removed = h.Framework(11);
        h.Core.OnSchedulerDisconnected(11);   // failover timeout 0: removed at once
        h.Core.OnAgentDisconnected(2);
        for (int round = 0; round < 5; round++)
        {
            h.Advance(TimeSpan.FromSeconds(15));
            foreach (Ping ping in h.Out.Take<Ping>(1))
                h.Core.OnPong(1, new Pong(ping.Sequence, ping.Timestamp));
        }

        MasterRegistry registry = h.Core.SnapshotRegistry();

        Assert.Null(registry.Agents.Single(a => a.Info.Id!.Value.Value == stays).UnreachableTime);
        Assert.NotNull(registry.Agents.Single(a => a.Info.Id!.Value.Value == leaves).UnreachableTime);
        Assert.Equal(fw, Assert.Single(registry.Frameworks).Id!.Value.Value);
        Assert.DoesNotContain(registry.Frameworks, f => f.Id!.Value.Value == removed);
    }

    [Fact]
    public void A_new_leader_takes_agents_and_frameworks_back_with_their_tasks()
    {
        // The old leader: one agent running one task of a framework.
        var old = new MasterHarness(new MasterOptions { MasterId = "old" });
        string agent = old.Agent(1);
        string fw = old.Framework(10, failoverTimeout: 0);
        Offer offer = Assert.Single(old.Offers(10));
        old.Launch(10, fw, offer, MasterHarness.Task("t1", offer));
        MasterRegistry registry = old.Core.SnapshotRegistry();

        var h = new MasterHarness(Durable("new"));
        h.Core.Recover(registry);

        Assert.True(h.Core.Recovering);
        Assert.Equal(AgentState.Recovered, h.Core.FindAgent(agent)!.State);
        Assert.NotNull(h.Core.FindFramework(fw));
        // The framework re-subscribes with its id (its failover timeout 0 does not remove it while
        // the agents are still coming back), and gets no offers before its agent is back.
        Assert.Equal(fw, h.Framework(20, id: fw));
        Assert.Empty(h.Offers(20));
        // Reconciling a task on a recovered agent gets no answer yet.
        h.Core.OnReconcile(20, new ReconcileCall { FrameworkId = new FrameworkId(fw), Tasks = [new ReconcileTask(new TaskId("t1"), new AgentId(agent))] });
        Assert.Empty(h.Out.Take<UpdateEvent>(20));

        h.Core.OnReregisterAgent(2, Reregister(agent, fw, "t1"), "127.0.0.1");

        // A recovered agent is in the registry already: answered at once, nothing to store.
        Assert.Single(h.Out.Take<AgentReregistered>(2));
        Assert.False(h.Core.Recovering);
        Assert.Equal(AgentState.Connected, h.Core.FindAgent(agent)!.State);
        Assert.Equal(TaskState.Running, h.Core.FindFramework(fw)!.TaskList.Single().State);
        Assert.Equal(3, Assert.Single(h.Offers(20)).Resources.Cpus);
        h.AssertConsistent();
    }

    [Fact]
    public void A_recovered_master_makes_room_for_its_agents_before_they_come_back()
    {
        const int Agents = 300;
        var old = new MasterHarness(new MasterOptions { MasterId = "old" });
        var ids = new string[Agents];
        for (int i = 0; i < Agents; i++)
            ids[i] = old.Agent(i + 1);
        MasterRegistry registry = old.Core.SnapshotRegistry();

        var h = new MasterHarness(Durable("new"));
        h.Core.Recover(registry);
        int columns = h.Core.Allocator.AgentCapacity, indexes = h.Core.AgentIndexCapacity;
        Assert.InRange(columns, Agents, Agents * 2);
        Assert.InRange(indexes, Agents, Agents * 2);

        for (int i = 0; i < Agents; i++)
            h.Core.OnReregisterAgent(i + 1, Reregister(ids[i]), "127.0.0.1");

        // Every agent is back, and none of their re-registrations grew a column or an index.
        Assert.False(h.Core.Recovering);
        Assert.Equal(Agents, h.Core.Allocator.AgentCount);
        Assert.Equal(columns, h.Core.Allocator.AgentCapacity);
        Assert.Equal(indexes, h.Core.AgentIndexCapacity);
        h.AssertConsistent();
    }

    [Fact]
    public void Agents_that_do_not_return_within_the_reregister_timeout_become_unreachable()
    {
        var old = new MasterHarness(new MasterOptions { MasterId = "old" });
        string back = old.Agent(1, hostname: "back");
        string gone = old.Agent(2, hostname: "gone");
        MasterRegistry registry = old.Core.SnapshotRegistry();
        var h = new MasterHarness(Durable("new"));
        h.Core.Recover(registry);
        Assert.Equal(2, h.Core.Census.Count(AgentState.Recovered));
        Assert.Equal(0, h.Core.Census.TotalCpus);
        h.Core.OnReregisterAgent(3, Reregister(back), "127.0.0.1");
        h.Framework(10);
        h.AssertConsistent();

        // One of two back is under 80%: allocation holds.
        h.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(h.Out.Take<OffersEvent>(10));
        h.Advance(TimeSpan.FromSeconds(26));

        Assert.Equal(AgentState.Unreachable, h.Core.FindAgent(gone)!.State);
        Assert.Equal(1, h.Core.Census.Count(AgentState.Unreachable));
        h.AssertConsistent();
        Assert.False(h.Core.Recovering);
        Assert.Equal(1, h.Core.Counters.RecoverySlaveRemovals);
        Assert.Contains(h.Core.SnapshotRegistry().Agents, a => a.Info.Id!.Value.Value == gone && a.UnreachableTime is not null);
        Assert.NotEmpty(h.Out.Take<OffersEvent>(10));
    }

    [Fact]
    public void An_agent_unknown_to_the_registry_is_admitted_by_storing_it_first()
    {
        var h = new MasterHarness(Durable());
        h.Core.Recover(MasterRegistry.Empty);
        long before = h.Core.RegistryVersion;

        h.Core.OnReregisterAgent(1, Reregister("elsewhere-S7"), "127.0.0.1");

        Assert.Empty(h.Out.Take<AgentReregistered>(1));
        Assert.True(h.Core.RegistryVersion > before);
        h.Core.OnRegistryStored(h.Core.RegistryVersion);
        Assert.Single(h.Out.Take<AgentReregistered>(1));
    }

    [Fact]
    public void Recovery_is_refused_once_agents_arrived()
    {
        var h = new MasterHarness();
        h.Agent(1);

        Assert.Throws<EngineException>(() => h.Core.Recover(MasterRegistry.Empty));
    }

    [Fact]
    public void With_a_durable_registry_frameworks_hear_of_an_unreachable_agent_once_it_is_stored()
    {
        var h = new MasterHarness(Durable());
        h.Core.OnRegisterAgent(1, Register(), "127.0.0.1");
        h.Core.OnRegistryStored(h.Core.RegistryVersion);
        string agent = Assert.Single(h.Out.Take<AgentRegistered>(1)).AgentId.Value;
        string fw = h.Framework(10, failoverTimeout: 3600, capabilities: FastMesos.Messages.FrameworkCapabilities.PartitionAware);
        Offer offer = Assert.Single(h.Offers(10));
        h.Launch(10, fw, offer, MasterHarness.Task("t1", offer));
        h.Update(1, fw, "t1", TaskState.Running);
        h.Core.OnRegistryStored(h.Core.RegistryVersion);
        h.Out.Clear();

        h.Core.OnAgentDisconnected(1);
        h.Advance(TimeSpan.FromSeconds(15 * 5));

        Assert.Equal(AgentState.Unreachable, h.Core.FindAgent(agent)!.State);
        Assert.Empty(h.Out.Take<UpdateEvent>(10));
        Assert.Empty(h.Out.Take<FailureEvent>(10));
        Assert.True(h.Core.RegistryVersion > h.Core.StoredRegistryVersion);

        h.Core.OnRegistryStored(h.Core.RegistryVersion);

        UpdateEvent update = Assert.Single(h.Out.Take<UpdateEvent>(10));
        Assert.Equal(TaskState.Unreachable, update.Status.State);
        Assert.Equal(agent, Assert.Single(h.Out.Take<FailureEvent>(10)).AgentId!.Value.Value);
    }
}

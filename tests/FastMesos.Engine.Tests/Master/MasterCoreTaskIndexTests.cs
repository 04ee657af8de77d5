using FastMesos.Engine.Master;
using FastMesos.Messages;

namespace FastMesos.Engine.Tests.Master;

using FrameworkCapabilities = FastMesos.Messages.FrameworkCapabilities;
using TaskStatus = FastMesos.Messages.TaskStatus;

/// <summary>
/// The task counts <c>/metrics/snapshot</c> reads (<see cref="MasterCore.TasksByState"/>, each
/// agent's used CPUs/memory/disk and their sums in <see cref="AgentCensus"/>) are kept as tasks
/// change, not counted per request: through a
/// task's whole life — launched, running, finished and acknowledged, its agent unreachable and
/// back, its framework removed — they must equal a count over every task.
/// </summary>
public sealed class MasterCoreTaskIndexTests
{
    [Fact]
    public void The_counts_follow_every_task_through_launch_updates_unreachable_agents_and_removed_frameworks()
    {
        var h = new MasterHarness();
        string agent = h.Agent(1);
        string aware = h.Framework(10, "aware", capabilities: FrameworkCapabilities.PartitionAware);
        Offer offer = Assert.Single(h.Offers(10));
        h.Launch(10, aware, offer, MasterHarness.Task("t1", offer), MasterHarness.Task("t2", offer, "cpus:0.5;mem:64"));
        AssertCounts(h.Core, staging: 2, cpus: 1.5, mem: 192);

        h.Update(1, aware, "t1", TaskState.Running);
        h.Update(1, aware, "t2", TaskState.Starting);
        AssertCounts(h.Core, running: 1, starting: 1, cpus: 1.5, mem: 192);

        string plain = h.Framework(11, "plain", failoverTimeout: 0);
        h.Agent(2, hostname: "host2");
        Offer second = h.Offers(11).First();
        h.Launch(11, plain, second, MasterHarness.Task("u1", second, "cpus:0.25;mem:32"));
        int uPeer = second.AgentId.Value == agent ? 1 : 2;
        h.Update(uPeer, plain, "u1", TaskState.Running);
        AssertCounts(h.Core, running: 2, starting: 1, cpus: 1.75, mem: 224);

        // Finished: no longer using resources, still counted until the framework acknowledges it.
        TaskStatus finished = h.Update(1, aware, "t2", TaskState.Finished);
        AssertCounts(h.Core, running: 2, finished: 1, cpus: 1.25, mem: 160);
        h.Core.OnAcknowledge(10, new AcknowledgeCall(new FrameworkId(aware), new AgentId(agent), new TaskId("t2"), finished.Uuid!.Value));
        AssertCounts(h.Core, running: 2, cpus: 1.25, mem: 160);

        // The first agent stops answering pings: t1 (partition-aware) is UNREACHABLE, using nothing.
        h.Out.Clear();
        for (int i = 0; i < 6; i++)
        {
            h.Advance(TimeSpan.FromSeconds(15));
            foreach (Ping ping in h.Out.Take<Ping>(2))
                h.Core.OnPong(2, new Pong(ping.Sequence, ping.Timestamp));
        }

        Assert.Equal(AgentState.Unreachable, h.Core.FindAgent(agent)!.State);
        int runningLeft = uPeer == 2 ? 1 : 0;
        AssertCounts(h.Core, running: runningLeft, unreachable: 1, lost: 1 - runningLeft, cpus: 0.25 * runningLeft, mem: 32 * runningLeft);

        // Back with t1 running: counted and charged again.
        h.Core.OnReregisterAgent(3, new ReregisterAgent
        {
            Agent = new AgentInfo { Hostname = "host", Id = new AgentId(agent), Resources = Resources.Parse("cpus:4;mem:4096;ports:[31000-32000]") },
            Version = "test",
            Tasks = [new LaunchedTask { Name = "t1", TaskId = new TaskId("t1"), FrameworkId = new FrameworkId(aware), AgentId = new AgentId(agent), State = TaskState.Running, Resources = Resources.Parse("cpus:1;mem:128") }],
        }, "127.0.0.1");
        Assert.Equal(1, h.Core.TasksByState[(int)TaskState.Running] - runningLeft);

        // The plain framework's scheduler goes away (no failover timeout): its tasks leave the counts.
        h.Core.OnSchedulerDisconnected(11);
        Assert.Null(h.Core.FindFramework(plain));
        AssertCounts(h.Core, running: 1, cpus: 1, mem: 128);
    }

    [Fact]
    public void The_census_follows_an_agent_that_disconnects_and_comes_back_larger()
    {
        var h = new MasterHarness();
        string agent = h.Agent(1, resources: "cpus:4;mem:4096;disk:100");
        h.Agent(2, resources: "cpus:2;mem:1024", hostname: "host2");
        Assert.Equal(6, h.Core.Census.TotalCpus);
        Assert.Equal(100, h.Core.Census.TotalDisk);

        // Disconnected agents stay in allocation: counted apart, their resources still summed.
        h.Core.OnAgentDisconnected(1);
        Assert.Equal(1, h.Core.Census.Count(AgentState.Connected));
        Assert.Equal(1, h.Core.Census.Count(AgentState.Disconnected));
        Assert.Equal(6, h.Core.Census.TotalCpus);
        h.AssertConsistent();

        // Back with more resources: the census takes the new ones, not both.
        h.Core.OnReregisterAgent(3, new ReregisterAgent
        {
            Agent = new AgentInfo { Hostname = "host", Id = new AgentId(agent), Resources = Resources.Parse("cpus:8;mem:8192;disk:50") },
            Version = "test",
        }, "127.0.0.1");
        Assert.Equal(2, h.Core.Census.Count(AgentState.Connected));
        Assert.Equal(10, h.Core.Census.TotalCpus);
        Assert.Equal(9216, h.Core.Census.TotalMem);
        Assert.Equal(50, h.Core.Census.TotalDisk);
        Assert.Equal(2, h.Core.ConnectedAgentCount);
        h.AssertConsistent();
    }

    /// <summary>Asserts the kept counts against expectations and against a count over every task.</summary>
    private static void AssertCounts(MasterCore core, int staging = 0, int starting = 0, int running = 0, int finished = 0,
        int unreachable = 0, int lost = 0, double cpus = 0, double mem = 0)
    {
        var counted = new int[core.TasksByState.Length];
        foreach (FrameworkRecord fw in core.Frameworks)
        {
            foreach (TaskRecord task in fw.TaskList)
                counted[(int)task.State]++;
        }

        Assert.Equal(counted, core.TasksByState.ToArray());
        Assert.Equal(staging, counted[(int)TaskState.Staging]);
        Assert.Equal(starting, counted[(int)TaskState.Starting]);
        Assert.Equal(running, counted[(int)TaskState.Running]);
        Assert.Equal(finished, counted[(int)TaskState.Finished]);
        Assert.Equal(unreachable, counted[(int)TaskState.Unreachable]);
        Assert.Equal(lost, counted[(int)TaskState.Lost]);

        double keptCpus = 0, keptMem = 0;
        foreach (AgentRecord agent in core.Agents)
        {
            double agentCpus = 0, agentMem = 0, agentDisk = 0;
            foreach (TaskRecord task in agent.TaskList)
            {
                if (MasterCore.UsesResources(task.State))
                {
                    agentCpus += task.Resources.Cpus;
                    agentMem += task.Resources.Mem;
                    agentDisk += task.Resources.Disk;
                }
            }

            Assert.Equal(agentCpus, agent.UsedCpus, 9);
            Assert.Equal(agentMem, agent.UsedMem, 9);
            Assert.Equal(agentDisk, agent.UsedDisk, 9);
            keptCpus += agent.UsedCpus;
            keptMem += agent.UsedMem;
        }

        Assert.Equal(cpus, keptCpus, 9);
        Assert.Equal(mem, keptMem, 9);
        MasterHarness.AssertCensus(core);
    }
}

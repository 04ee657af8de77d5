using FastMesos.Engine.Master;
using FastMesos.Messages;
using Microsoft.Extensions.Time.Testing;

namespace FastMesos.Engine.Tests.Master;

using FrameworkCapabilities = FastMesos.Messages.FrameworkCapabilities;
using OfferOperation = FastMesos.Messages.OfferOperation;
using OfferOperationType = FastMesos.Messages.OfferOperationType;

/// <summary>A master core on a fake clock with recorded output, plus shorthands for agents and frameworks.</summary>
internal sealed class MasterHarness
{
    public const string MasterId = "m1";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public RecordingOutbox Out { get; } = new();

    public MasterCore Core { get; }

    public MasterHarness(MasterOptions? options = null) =>
        Core = new MasterCore(options ?? new MasterOptions { MasterId = MasterId }, Out, Clock);

    /// <summary>Registers an agent on <paramref name="peer"/> and returns its id.</summary>
    public string Agent(int peer, string resources = "cpus:4;mem:4096;ports:[31000-32000]", string hostname = "host")
    {
        Core.OnRegisterAgent(peer, new RegisterAgent
        {
            Agent = new AgentInfo { Hostname = hostname, Resources = Resources.Parse(resources) },
            Version = "test",
        }, "127.0.0.1");
        return Assert.Single(Out.Take<AgentRegistered>(peer)).AgentId.Value;
    }

    /// <summary>Subscribes a framework on <paramref name="peer"/> and returns its id.</summary>
    public string Framework(int peer, string name = "fw", double failoverTimeout = 0, bool checkpoint = true,
        FrameworkCapabilities capabilities = FrameworkCapabilities.None, string? id = null, params string[] roles)
    {
        Core.OnSubscribe(peer, new SubscribeCall
        {
            Framework = new FrameworkInfo
            {
                User = "root",
                Name = name,
                Id = id is null ? null : new FrameworkId(id),
                FailoverTimeoutSeconds = failoverTimeout,
                Checkpoint = checkpoint,
                Capabilities = capabilities,
                Roles = roles,
            },
        });
        return Assert.Single(Out.Take<SubscribedEvent>(peer)).FrameworkId.Value;
    }

    /// <summary>Runs an allocation and returns the offers sent to <paramref name="peer"/>.</summary>
    public List<Offer> Offers(int peer)
    {
        Core.Allocate();
        var offers = new List<Offer>();
        foreach (OffersEvent e in Out.Take<OffersEvent>(peer))
            offers.AddRange(e.Offers);
        return offers;
    }

    public static TaskInfo Task(string id, Offer offer, string resources = "cpus:1;mem:128") => new()
    {
        Name = id,
        TaskId = new TaskId(id),
        AgentId = offer.AgentId,
        Resources = Resources.Parse(resources),
        Command = new CommandInfo { Value = "sleep 1000" },
    };

    /// <summary>Accepts <paramref name="offer"/> with one LAUNCH of <paramref name="tasks"/>, then checks the master against its allocator.</summary>
    public void Launch(int peer, string frameworkId, Offer offer, params TaskInfo[] tasks)
    {
        Core.OnAccept(peer, new AcceptCall
        {
            FrameworkId = new FrameworkId(frameworkId),
            OfferIds = [offer.Id],
            Operations = [new OfferOperation { Type = OfferOperationType.Launch, Tasks = tasks }],
        });
        AssertConsistent();
    }

    /// <summary>An agent-side status update with a fresh uuid, as the agent's update manager sends it; then checks the master against its allocator.</summary>
    public FastMesos.Messages.TaskStatus Update(int agentPeer, string frameworkId, string taskId, TaskState state, TaskState? latest = null)
    {
        var status = new FastMesos.Messages.TaskStatus
        {
            TaskId = new TaskId(taskId),
            State = state,
            Source = TaskStatusSource.Executor,
            Uuid = Guid.NewGuid(),
            Timestamp = 1,
        };
        Core.OnStatusUpdate(agentPeer, new StatusUpdate(new FrameworkId(frameworkId), status, latest));
        AssertConsistent();
        return status;
    }

    /// <summary>Advances the clock by <paramref name="by"/> in steps of at most one second, ticking after each.</summary>
    public void Advance(TimeSpan by)
    {
        TimeSpan step = TimeSpan.FromSeconds(1);
        while (by > TimeSpan.Zero)
        {
            TimeSpan d = by < step ? by : step;
            Clock.Advance(d);
            by -= d;
            Core.Tick();
        }
    }

    /// <summary>
    /// The allocator's audit, and the master's task handles against its ledger: every task that
    /// holds resources names a slot holding exactly that task, and the ledger holds no other.
    /// </summary>
    public void AssertConsistent()
    {
        Assert.Empty(Core.Allocator.Audit());
        int held = 0;
        foreach (FrameworkRecord fw in Core.Frameworks)
        {
            foreach (TaskRecord task in fw.TaskList)
            {
                if (!task.HoldsResources)
                    continue;
                held++;
                Assert.True(Core.Allocator.HoldsTask(task.LedgerSlot, fw.Slot, task.TaskId), $"task {task.TaskId}'s ledger slot {task.LedgerSlot} does not hold it");
            }

            foreach (TaskRecord task in fw.CompletedTaskList)
                Assert.False(task.HoldsResources, $"completed task {task.TaskId} still names ledger slot {task.LedgerSlot}");
        }

        Assert.Equal(held, Core.Allocator.TaskCount);
        AssertCensus(Core);
    }

    /// <summary>The master's <see cref="AgentCensus"/> against a walk over every agent record.</summary>
    public static void AssertCensus(MasterCore core)
    {
        var byState = new int[Enum.GetValues<AgentState>().Length];
        double cpus = 0, mem = 0, disk = 0, usedCpus = 0, usedMem = 0, usedDisk = 0;
        foreach (AgentRecord agent in core.Agents)
        {
            byState[(int)agent.State]++;
            if (agent.State is not (AgentState.Connected or AgentState.Disconnected))
                continue;
            cpus += agent.Info.Resources.Cpus;
            mem += agent.Info.Resources.Mem;
            disk += agent.Info.Resources.Disk;
            usedCpus += agent.UsedCpus;
            usedMem += agent.UsedMem;
            usedDisk += agent.UsedDisk;
        }

        AgentCensus census = core.Census;
        foreach (AgentState state in Enum.GetValues<AgentState>())
            Assert.True(byState[(int)state] == census.Count(state), $"{census.Count(state)} agents {state} in the census, {byState[(int)state]} in the records");
        Assert.Equal(cpus, census.TotalCpus, 9);
        Assert.Equal(mem, census.TotalMem, 9);
        Assert.Equal(disk, census.TotalDisk, 9);
        Assert.Equal(usedCpus, census.UsedCpus, 9);
        Assert.Equal(usedMem, census.UsedMem, 9);
        Assert.Equal(usedDisk, census.UsedDisk, 9);
    }
}

using System.Diagnostics;
using System.Runtime.CompilerServices;
using FastMesos.Engine.Master;
using FastMesos.Messages;
using HdrHistogram;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Simulator.Launch;

/// <summary>
/// Scenario B of specs/performance.md §8.2: offer → accept → launch → RUNNING with the master's
/// engine (<see cref="MasterCore"/>) and no network. This class is the core's outbox. What the
/// core sends to a fake agent or framework is queued, and the fake answers after the core's call
/// has returned, on the same thread, with the messages a real peer would send (a framework takes up
/// its offers one at a time, and the agents and frameworks answer each ACCEPT's launches before the
/// next offer is taken up, as separate processes would interleave):
/// <list type="bullet">
/// <item>a framework bin-packs its tasks into each offer (one ACCEPT per offer) and declines offers
/// once it has launched them all;</item>
/// <item>an agent answers a RunTask with TASK_RUNNING at once;</item>
/// <item>a framework acknowledges each update, and the master passes the acknowledgement on.</item>
/// </list>
/// Everything runs on one thread, so the rate is the engine's work per task plus the fakes' (which
/// build the tasks and updates a scheduler and an agent would decode). Invariant: the core is
/// called from <see cref="Measure"/> and from the fakes' answers that <see cref="Pump"/> runs,
/// never from inside one of its own sends.
/// </summary>
internal sealed class LaunchBench : IMasterOutbox
{
    private readonly LaunchSpec _spec;
    private readonly MasterCore _core;
    private readonly Resources _taskResources;
    private readonly long _taskMilliCpus;
    private readonly long _taskMilliMem;
    private readonly CommandInfo _command = new() { Value = "sleep 3600" };
    private readonly Queue<(int Peer, OffersEvent Event)> _offers = new();
    private readonly Queue<RunTask> _runs = new();
    private readonly Queue<(int Peer, MesosTaskStatus Status)> _updates = new();
    private readonly FrameworkId[] _frameworkIds;
    private readonly Dictionary<string, int> _agentPeers = new(StringComparer.Ordinal);
    private readonly int[] _launched;
    private readonly long[] _acceptedAt;
    private readonly LongHistogram _latencyMicros = new(TimeSpan.FromMinutes(10).Ticks / 10, 3);
    private int _registered;
    private long _running;
    private long _offerCount;
    private long _nextTask;

    // Bytes allocated inside the core's calls (the master's own share of the run's allocations;
    // what the fakes build before a call is theirs).
    private long _coreAllocated;

    public LaunchBench(LaunchSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _spec = spec;
        _core = new MasterCore(new MasterOptions { MasterId = "launch-bench", Hostname = "bench" }, this);
        _taskResources = Resources.Parse(spec.TaskResources);
        _taskMilliCpus = _taskResources.Scalar("cpus").Milli;
        _taskMilliMem = _taskResources.Scalar("mem").Milli;
        _frameworkIds = new FrameworkId[spec.Frameworks];
        _launched = new int[spec.Frameworks];
        _acceptedAt = new long[spec.Tasks];
    }

    public static LaunchResult Run(LaunchSpec spec, Action<string>? progress = null) => new LaunchBench(spec).Measure(progress ?? (static _ => { }));

    private LaunchResult Measure(Action<string> progress)
    {
        Resources agentResources = Resources.Parse(_spec.AgentResources);
        for (int i = 0; i < _spec.Agents; i++)
        {
            _core.OnRegisterAgent(AgentPeer(i), new RegisterAgent
            {
                Agent = new AgentInfo { Hostname = "agent-" + i, Port = 5051, Resources = agentResources },
                Version = "1.11.0",
            }, "10.0.0.1");
        }

        for (int f = 0; f < _spec.Frameworks; f++)
        {
            _core.OnSubscribe(FrameworkPeer(f), new SubscribeCall
            {
                Framework = new FrameworkInfo { User = "bench", Name = "bench-" + f, FailoverTimeoutSeconds = 0, Checkpoint = true },
            });
        }

        progress($"{_registered} agents registered, {_spec.Frameworks} frameworks subscribed; launching {_spec.Tasks:N0} tasks of {_spec.TaskResources}");
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        int gc0 = GC.CollectionCount(0), gc1 = GC.CollectionCount(1), gc2 = GC.CollectionCount(2);
        TimeSpan pauseBefore = GC.GetTotalPauseDuration();
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        long start = Stopwatch.GetTimestamp();
        int runs = 0;
        while (_running < _spec.Tasks && runs < _spec.MaxAllocationRuns)
        {
            runs++;
            long before = GC.GetAllocatedBytesForCurrentThread();
            _core.Allocate();
            _coreAllocated += GC.GetAllocatedBytesForCurrentThread() - before;
            Pump();
        }

        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        TimeSpan paused = GC.GetTotalPauseDuration() - pauseBefore;
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var result = new LaunchResult
        {
            Name = $"B-{_spec.Agents}-{_spec.Frameworks}-{_spec.TasksPerFramework}",
            Agents = _spec.Agents,
            Frameworks = _spec.Frameworks,
            Registered = _registered,
            Seconds = seconds,
            MasterCpuSeconds = cpu.TotalSeconds,
            Tasks = _spec.Tasks,
            TasksRunning = _running,
            TasksPerSec = _running / Math.Max(seconds, 1e-9),
            P50Ms = _latencyMicros.GetValueAtPercentile(50) / 1000.0,
            P99Ms = _latencyMicros.GetValueAtPercentile(99) / 1000.0,
            MaxMs = _latencyMicros.GetMaxValue() / 1000.0,
            AllocationRuns = runs,
            Offers = _offerCount,
            AllocatedBytesPerTask = allocated / (double)Math.Max(1, _running),
            MasterAllocatedBytesPerTask = _coreAllocated / (double)Math.Max(1, _running),
            Gc0 = GC.CollectionCount(0) - gc0,
            Gc1 = GC.CollectionCount(1) - gc1,
            Gc2 = GC.CollectionCount(2) - gc2,
            GcPauseMs = paused.TotalMilliseconds,
            RetainedBytesPerTask = (GC.GetTotalMemory(forceFullCollection: true) - heapBefore) / (double)Math.Max(1, _running),
            MasterRssMb = Environment.WorkingSet / 1048576.0,
            Ok = _running == _spec.Tasks && _registered == _spec.Agents && _core.TasksByState[(int)TaskState.Running] == _spec.Tasks,
        };
        // The core must still be reachable when the retained heap above is measured.
        GC.KeepAlive(_core);
        return result;
    }

    private static int AgentPeer(int agent) => agent + 1;

    private int FrameworkPeer(int framework) => _spec.Agents + 1 + framework;

    private int FrameworkOf(int peer) => peer - _spec.Agents - 1;

    /// <summary>Lets the fake peers answer until none has anything left to say.</summary>
    private void Pump()
    {
        while (_offers.Count + _runs.Count + _updates.Count > 0)
        {
            while (_offers.TryDequeue(out (int Peer, OffersEvent Event) offers))
                OnOffers(offers.Peer, offers.Event);
            AnswerLaunches();
        }
    }

    /// <summary>The framework: as many tasks as fit into each offer, until it has launched its share.</summary>
    private void OnOffers(int peer, OffersEvent offers)
    {
        int f = FrameworkOf(peer);
        foreach (Offer offer in offers.Offers)
        {
            _offerCount++;
            int want = _spec.TasksPerFramework - _launched[f];
            int fit = (int)Math.Min(want, Math.Min(offer.Resources.Scalar("cpus").Milli / _taskMilliCpus, offer.Resources.Scalar("mem").Milli / _taskMilliMem));
            if (fit <= 0)
            {
                var decline = new DeclineCall { FrameworkId = _frameworkIds[f], OfferIds = [offer.Id], Filters = new Filters(3600) };
                long declining = GC.GetAllocatedBytesForCurrentThread();
                _core.OnDecline(peer, decline);
                _coreAllocated += GC.GetAllocatedBytesForCurrentThread() - declining;
                continue;
            }

            var tasks = new TaskInfo[fit];
            long now = Stopwatch.GetTimestamp();
            for (int i = 0; i < fit; i++)
            {
                long index = _nextTask++;
                _acceptedAt[index] = now;
                tasks[i] = new TaskInfo
                {
                    Name = "bench",
                    TaskId = new TaskId(TaskIdOf(index)),
                    AgentId = offer.AgentId,
                    Resources = _taskResources,
                    Command = _command,
                };
            }

            _launched[f] += fit;
            var accept = new AcceptCall
            {
                FrameworkId = _frameworkIds[f],
                OfferIds = [offer.Id],
                Operations = [new OfferOperation { Type = OfferOperationType.Launch, Tasks = tasks }],
            };
            long before = GC.GetAllocatedBytesForCurrentThread();
            _core.OnAccept(peer, accept);
            _coreAllocated += GC.GetAllocatedBytesForCurrentThread() - before;

            // Agents and frameworks answer while the framework works through its offers, as
            // separate processes would: each offer's tasks run before the next offer is taken up.
            AnswerLaunches();
        }
    }

    private void AnswerLaunches()
    {
        while (_runs.Count + _updates.Count > 0)
        {
            while (_runs.TryDequeue(out RunTask run))
                OnRunTask(run);
            while (_updates.TryDequeue(out (int Peer, MesosTaskStatus Status) update))
                OnUpdate(update.Peer, update.Status);
        }
    }

    /// <summary>The agent: TASK_RUNNING for every task it is given, at once.</summary>
    private void OnRunTask(RunTask run)
    {
        var update = new StatusUpdate(run.Framework.Id!.Value, new MesosTaskStatus
        {
            TaskId = run.Task.TaskId,
            State = TaskState.Running,
            Source = TaskStatusSource.Executor,
            AgentId = run.Task.AgentId,
            // Not Guid.NewGuid, which asks the kernel for randomness each time (a tenth of the run):
            // that is the fake agent's cost, not the master's.
            Uuid = UpdateUuids.Next(),
            Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
        });
        long before = GC.GetAllocatedBytesForCurrentThread();
        _core.OnStatusUpdate(_agentPeers[run.Task.AgentId.Value], update);
        _coreAllocated += GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>The framework: records TASK_RUNNING and acknowledges every update that asks for it.</summary>
    private void OnUpdate(int peer, MesosTaskStatus status)
    {
        if (status.State == TaskState.Running)
        {
            long index = long.Parse(status.TaskId.Value.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
            _latencyMicros.RecordValue(Math.Max(1, Stopwatch.GetElapsedTime(_acceptedAt[index]).Ticks / 10));
            _running++;
        }

        if (status.Uuid is Guid uuid && status.AgentId is { } agent)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            _core.OnAcknowledge(peer, new AcknowledgeCall(_frameworkIds[FrameworkOf(peer)], agent, status.TaskId, uuid));
            _coreAllocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }
    }

    private static string TaskIdOf(long index) => "b" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Send<T>(int peer, in T message)
    {
        if (typeof(T) == typeof(OffersEvent))
            _offers.Enqueue((peer, (OffersEvent)(object)message!));
        else if (typeof(T) == typeof(RunTask))
            _runs.Enqueue((RunTask)(object)message!);
        else if (typeof(T) == typeof(UpdateEvent))
            _updates.Enqueue((peer, Unsafe.As<T, UpdateEvent>(ref Unsafe.AsRef(in message)).Status));
        else if (typeof(T) == typeof(SubscribedEvent))
            _frameworkIds[FrameworkOf(peer)] = ((SubscribedEvent)(object)message!).FrameworkId;
        else if (typeof(T) == typeof(AgentRegistered))
        {
            _agentPeers[((AgentRegistered)(object)message!).AgentId.Value] = peer;
            _registered++;
        }

        // Anything else (acknowledgements passed on to agents, rescinds, pings) needs no answer.
    }

    public void Close(int peer, string reason) =>
        throw new InvalidOperationException($"the master closed peer {peer}: {reason}");
}

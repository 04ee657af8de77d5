using FastMesos.Messages;

namespace FastMesos.Engine.Master;

/// <summary>
/// The master's state machine (Mesos' <c>Master</c> actor without the sockets): agents register
/// and are pinged, frameworks subscribe and get offers from the <see cref="Engine.Allocator"/>,
/// accepted offers become RunTask messages, status updates are forwarded and acknowledgements routed
/// back, lost agents and departed frameworks are cleaned up on the clock.
/// <para>
/// Pure and single-threaded: inputs are method calls naming the connection (<c>peer</c>) they came
/// from, outputs go to the <see cref="IMasterOutbox"/>, time comes from the <see cref="TimeProvider"/>
/// and only advances what <see cref="Tick"/> checks. The host serialises every call (one lock or one
/// loop). Invariants: an agent or framework is in the by-peer map exactly while its connection is
/// subscribed; a task's resources are held in the allocator exactly while <see cref="TaskRecord.HoldsResources"/>.
/// </para>
/// </summary>
public sealed partial class MasterCore
{
    private MasterOptions _options;
    private readonly IMasterOutbox _outbox;
    private readonly TimeProvider _time;
    private readonly Allocator _allocator;

    private readonly Dictionary<string, AgentRecord> _agents = new(StringComparer.Ordinal);
    private readonly Dictionary<int, AgentRecord> _agentsByPeer = [];
    private readonly Dictionary<int, AgentRecord> _agentsBySlot = [];

    // The handles every agent's task list links its records by (AgentRecord.Tasks).
    private readonly TaskHandles _taskHandles = new();
    private readonly Dictionary<string, FrameworkRecord> _frameworks = new(StringComparer.Ordinal);
    private readonly Dictionary<int, FrameworkRecord> _frameworksByPeer = [];
    private readonly Dictionary<int, FrameworkRecord> _frameworksBySlot = [];
    private readonly Queue<FrameworkRecord> _completedFrameworks = new();
    private readonly HashSet<string> _removedFrameworkIds = new(StringComparer.Ordinal);
    private readonly Dictionary<long, Offer> _offers = [];
    private readonly MasterInfo _masterInfo;
    private readonly long _startTimestamp;
    private long _lastAllocationTick;
    private long _lastHeartbeat;
    private int _nextFrameworkNumber;
    private int _nextAgentNumber;

    public MasterCore(MasterOptions options, IMasterOutbox outbox, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outbox);
        _options = options;
        _outbox = outbox;
        _time = time ?? TimeProvider.System;
        _allocator = new Allocator(options.Allocator, _time);
        _startTimestamp = _time.GetTimestamp();
        _lastAllocationTick = _lastHeartbeat = _startTimestamp;
        StartTime = Now();
        _masterInfo = new MasterInfo { Id = options.MasterId, Hostname = options.Hostname, Port = options.Port, Version = options.Version };
    }

    public MasterOptions Options => _options;

    /// <summary>
    /// Records the port the master really listens on (when it asked for port 0), so its pid and
    /// redirects name it. Called once by the host, before any agent or framework arrives.
    /// </summary>
    public void SetListeningPort(int port) => _options = _options with { Port = port };

    public MasterInfo Info => _masterInfo;

    /// <summary>The allocator (read it for metrics and state; change it only through this core).</summary>
    public Allocator Allocator => _allocator;

    public MasterCounters Counters { get; } = new();

    /// <summary>Seconds since the epoch when this master started (Mesos <c>start_time</c>).</summary>
    public double StartTime { get; }

    public TimeSpan Uptime => _time.GetElapsedTime(_startTimestamp);

    public IEnumerable<AgentRecord> Agents => _agents.Values;

    /// <summary>Registered agents whose connection is up (Mesos' master/slaves_connected).</summary>
    public int ConnectedAgentCount => Census.Count(AgentState.Connected);

    /// <summary>Counts and resource sums over the agents, kept as they change (for <c>/metrics/snapshot</c>).</summary>
    public AgentCensus Census { get; } = new();

    public IEnumerable<FrameworkRecord> Frameworks => _frameworks.Values;

    public IEnumerable<FrameworkRecord> CompletedFrameworks => _completedFrameworks;

    /// <summary>Outstanding offers as sent to their frameworks (for <c>/master/state</c>'s <c>offers</c>).</summary>
    public IEnumerable<Offer> OutstandingOffers => _offers.Values;

    public AgentRecord? FindAgent(string agentId) => _agents.GetValueOrDefault(agentId);

    public FrameworkRecord? FindFramework(string frameworkId) => _frameworks.GetValueOrDefault(frameworkId);

    /// <summary>True when an allocation run is due: the host runs <see cref="Allocate"/> soon (coalescing many triggers into one run).</summary>
    public bool NeedsAllocation => _allocator.HasRunnableWork && !AllocationPaused;

    /// <summary>The wall clock as Mesos timestamps it: seconds since the epoch.</summary>
    internal double Now() => _time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>
    /// The clock's work: marks the periodic allocation due every allocation interval, sends
    /// scheduler heartbeats, removes frameworks whose failover timeout passed, allocates if anything
    /// is due, and last pings the agents whose turn in the current ping round came (marking those
    /// past the miss budget unreachable). The host calls it every <see cref="MasterOptions.TickInterval"/>.
    /// The pings come last because each carries the time it was built and the host sends them when
    /// the tick returns: built before an allocation run, they waited for it, and under a launch flood
    /// that put milliseconds into the agents' ping latency (perf-reports/2026-12-06-cluster-sweep.md).
    /// </summary>
    public void Tick()
    {
        long now = _time.GetTimestamp();
        if (_time.GetElapsedTime(_lastAllocationTick, now) >= _options.Allocator.AllocationInterval)
        {
            _lastAllocationTick = now;
            _allocator.RequestAllocation();
        }

        if (_time.GetElapsedTime(_lastHeartbeat, now) >= _options.HeartbeatInterval)
        {
            _lastHeartbeat = now;
            foreach (FrameworkRecord fw in _frameworksByPeer.Values)
                _outbox.Send(fw.Peer, default(HeartbeatEvent));
        }

        ExpireFailoverTimeouts(now);
        ExpireRecovery(now);
        if (NeedsAllocation)
            Allocate();
        PingDueAgents(now);
    }

    private void ExpireFailoverTimeouts(long now)
    {
        List<FrameworkRecord>? expired = null;
        foreach (FrameworkRecord fw in _frameworks.Values)
        {
            if (fw.FailoverDeadline is long deadline && now >= deadline)
                (expired ??= []).Add(fw);
        }

        if (expired is null)
            return;
        foreach (FrameworkRecord fw in expired)
            RemoveFramework(fw, "failover timeout elapsed");
    }

    /// <summary>Forwards the allocator's pending rescinds to their frameworks as RESCIND events.</summary>
    private void DrainRescinds()
    {
        ReadOnlySpan<RescindEvent> rescinds = _allocator.PendingRescinds;
        foreach (RescindEvent r in rescinds)
        {
            Counters.OffersRescinded++;
            _offers.Remove(r.OfferId);
            if (_frameworksBySlot.TryGetValue(r.Framework, out FrameworkRecord? fw) && fw.Connected)
                _outbox.Send(fw.Peer, new Messages.RescindEvent(new OfferId(OfferIdText(r.OfferId))));
        }

        _allocator.ClearRescinds();
    }
}

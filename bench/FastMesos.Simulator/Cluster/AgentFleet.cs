using System.Diagnostics;
using System.Net;
using FastMesos.Messages;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// The simulated agents of one <c>sim cluster-agents</c> process: agent indexes
/// <c>[first, first + count)</c> of a cluster of <c>total</c>, their shared counters and heartbeat
/// histogram, and the one timer that retries registrations and status updates.
/// </summary>
internal sealed class AgentFleet : IDisposable
{
    public const string Version = "1.11.0";

    private readonly SimAgent[] _agents;
    private readonly long _retryTicks;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<FrameworkId, FrameworkInfo> _frameworks = new();

    /// <summary>The longest a status update waits between resends (Mesos' STATUS_UPDATE_RETRY_INTERVAL_MAX, 10 min).</summary>
    private static readonly long MaxRetryTicks = 600 * Stopwatch.Frequency;
    private TaskCompletionSource _allRegistered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Timer? _timer;
    private long _registered;
    private long _lastRegisteredAt;
    // The latest dial round's start and its answers (Stopwatch timestamps) for the report's plot;
    // slots past the array are dropped (re-registrations after a drop in the same round).
    private readonly long[] _registeredAt;
    private int _registeredAtCount;
    private long _dialStartedAt;
    private long _launched;
    private long _queued;
    private long _acked;
    private long _retries;
    private long _pings;
    private long _datagramPings;
    private FleetHeartbeats? _heartbeats;
    private long _disconnects;
    private long _unexpected;

    public AgentFleet(WorkloadProfile profile, int first, int count, int total)
    {
        Profile = profile;
        _retryTicks = profile.StatusRetryMs * Stopwatch.Frequency / 1000;
        _agents = new SimAgent[count];
        _registeredAt = new long[count];
        for (int i = 0; i < count; i++)
        {
            int index = first + i;
            AgentProfile kind = profile.AgentFor(index, total);
            var info = new AgentInfo
            {
                Hostname = $"sim-{index}",
                Port = 5051,
                Resources = Resources.Parse(kind.Resources),
                Attributes = kind.Attributes.Length == 0 ? AgentAttributes.Empty : AgentAttributes.Parse(kind.Attributes),
            };
            _agents[i] = new SimAgent(this, info);
        }
    }

    public WorkloadProfile Profile { get; }

    public PingLatency Latency { get; } = new();

    /// <summary>
    /// The same pings' latency to their arrival at this process's heartbeat socket (the kernel's
    /// stamp), not to the moment an agent read them: without what a process of thousands of busy
    /// simulated agents adds. Datagram pings only.
    /// </summary>
    public PingLatency ArrivalLatency { get; } = new();

    public int Count => _agents.Length;

    /// <summary>The agent at <paramref name="index"/> of this process (0-based; for the warm-up).</summary>
    internal SimAgent AgentAt(int index) => _agents[index];

    public long Registered => Interlocked.Read(ref _registered);

    /// <summary>When the last agent's registration was answered (<see cref="Stopwatch"/> timestamp).</summary>
    public long LastRegisteredAt => Interlocked.Read(ref _lastRegisteredAt);

    /// <summary>When the latest dial round (<see cref="ConnectAllAsync"/>) started (<see cref="Stopwatch"/> timestamp).</summary>
    public long DialStartedAt => Interlocked.Read(ref _dialStartedAt);

    /// <summary>When each registration of the latest dial round was answered, in answer order.</summary>
    public long[] RegistrationTimes() => _registeredAt.AsSpan(0, Math.Min(Volatile.Read(ref _registeredAtCount), _registeredAt.Length)).ToArray();

    public long Launched => Interlocked.Read(ref _launched);

    public long Queued => Interlocked.Read(ref _queued);

    public long Acked => Interlocked.Read(ref _acked);

    public long Retries => Interlocked.Read(ref _retries);

    public long Pings => Interlocked.Read(ref _pings);

    /// <summary>Of <see cref="Pings"/>, those that came as datagrams.</summary>
    public long DatagramPings => Interlocked.Read(ref _datagramPings);

    /// <summary>The process's datagram heartbeat socket, once an agent took the master's offer.</summary>
    internal FleetHeartbeats? Heartbeats => Volatile.Read(ref _heartbeats);

    /// <summary>The datagram socket, opened by the first agent that is offered the channel; null where batched datagrams are not supported.</summary>
    internal FleetHeartbeats? HeartbeatsFor(System.Net.Sockets.AddressFamily family)
    {
        if (!FastMesos.Transport.Heartbeats.DatagramBatch.IsSupported)
            return null;
        if (Volatile.Read(ref _heartbeats) is { } open)
            return open;
        lock (_agents)
            return _heartbeats ??= new FleetHeartbeats(family);
    }

    public long Disconnects => Interlocked.Read(ref _disconnects);

    public long Unexpected => Interlocked.Read(ref _unexpected);

    public int Tasks
    {
        get
        {
            int n = 0;
            foreach (SimAgent a in _agents)
                n += a.TaskCount;
            return n;
        }
    }

    /// <summary>
    /// Dials every agent to <paramref name="master"/> (at most <paramref name="parallelism"/> dials
    /// in flight) and waits until every one is registered, or throws when <paramref name="timeout"/> passes.
    /// </summary>
    public async Task ConnectAllAsync(EndPoint master, int parallelism, TimeSpan timeout)
    {
        _timer ??= new Timer(static s => ((AgentFleet)s!).RetryAll(), this, 250, 250);
        Interlocked.Exchange(ref _dialStartedAt, Stopwatch.GetTimestamp());
        using var deadline = new CancellationTokenSource(timeout);
        // The deadline stops starting dials; a dial under way is bounded by its own connect timeout
        // and is not handed the loop's token: thousands of dials linking their timeouts to one shared
        // token cost 7% of this process's CPU in a 10k failover (perf-reports/2026-12-06-dial-costs/).
        await Parallel.ForAsync(0, _agents.Length, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = deadline.Token },
            async (i, _) => await _agents[i].ConnectAsync(master, CancellationToken.None).ConfigureAwait(false)).ConfigureAwait(false);
        try
        {
            await Volatile.Read(ref _allRegistered).Task.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Registered} of {_agents.Length} agents registered within {timeout.TotalSeconds:F0} s");
        }
    }

    /// <summary>
    /// Drops every connection and dials <paramref name="master"/> (a new master, after a failover):
    /// each agent re-registers with its id and tasks; waits until every one is answered.
    /// </summary>
    public async Task ReconnectAllAsync(EndPoint master, int parallelism, TimeSpan timeout)
    {
        foreach (SimAgent a in _agents)
            a.Close();
        Interlocked.Exchange(ref _registered, 0);
        Interlocked.Exchange(ref _registeredAtCount, 0);
        Volatile.Write(ref _allRegistered, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await ConnectAllAsync(master, parallelism, timeout).ConfigureAwait(false);
    }

    /// <summary>Gives every agent <paramref name="perAgent"/> finished tasks of <paramref name="frameworks"/> to report when it re-registers; returns how many in all.</summary>
    public long AddHistory(int perAgent, IReadOnlyList<FrameworkInfo> frameworks)
    {
        long added = 0;
        foreach (SimAgent a in _agents)
            added += a.AddHistory(perAgent, frameworks);
        return added;
    }

    /// <summary>Queues <paramref name="perTask"/> RUNNING updates on every running task; returns how many in all.</summary>
    public long Flood(int perTask)
    {
        long queued = 0;
        foreach (SimAgent a in _agents)
            queued += a.Flood(perTask);
        return queued;
    }

    /// <summary>Waits until every queued update has been acknowledged, or <paramref name="timeout"/>; true when all were.</summary>
    public async Task<bool> WaitAllAckedAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Acked < Queued)
        {
            if (clock.Elapsed > timeout)
                return false;
            await Task.Delay(2).ConfigureAwait(false);
        }

        return true;
    }

    internal void OnRegistered()
    {
        long now = Stopwatch.GetTimestamp();
        Interlocked.Exchange(ref _lastRegisteredAt, now);
        int slot = Interlocked.Increment(ref _registeredAtCount) - 1;
        if (slot < _registeredAt.Length)
            _registeredAt[slot] = now;
        if (Interlocked.Increment(ref _registered) == _agents.Length)
            Volatile.Read(ref _allRegistered).TrySetResult();
    }

    internal void OnDisconnected(bool wasRegistered)
    {
        Interlocked.Increment(ref _disconnects);
        if (wasRegistered)
            Interlocked.Decrement(ref _registered);
    }

    internal void OnLaunched() => Interlocked.Increment(ref _launched);

    internal void OnQueued() => Interlocked.Increment(ref _queued);

    internal void OnAcked(int count) => Interlocked.Add(ref _acked, count);

    internal void OnRetry() => Interlocked.Increment(ref _retries);

    /// <summary>
    /// One <see cref="FrameworkInfo"/> per framework id for every task of the process: each RunTask
    /// decodes its own copy, and a task keeps its framework for re-registration.
    /// </summary>
    internal FrameworkInfo Framework(FrameworkInfo decoded) =>
        decoded.Id is { } id ? _frameworks.GetOrAdd(id, decoded) : decoded;

    /// <summary>The first wait of a status update for its acknowledgement (the profile's <c>status_retry_ms</c>), in Stopwatch ticks.</summary>
    internal long RetryTicks => _retryTicks;

    internal void OnPing() => Interlocked.Increment(ref _pings);

    internal void OnDatagramPing() => Interlocked.Increment(ref _datagramPings);

    internal void OnUnexpected() => Interlocked.Increment(ref _unexpected);

    private void RetryAll()
    {
        long now = Stopwatch.GetTimestamp();
        foreach (SimAgent a in _agents)
            a.Retry(now, _retryTicks, MaxRetryTicks);
    }

    public void Dispose()
    {
        _timer?.Dispose();
        foreach (SimAgent a in _agents)
            a.Close();
        _heartbeats?.Dispose();
    }
}

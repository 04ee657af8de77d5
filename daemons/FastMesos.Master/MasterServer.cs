using System.Net;
using FastMesos.Engine.Master;
using FastMesos.Hosting;
using FastMesos.Hosting.Auth;
using FastMesos.Master.Ha;
using FastMesos.Master.Registry;
using FastMesos.Transport.Buffers;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Heartbeats;

namespace FastMesos.Master;

/// <summary>
/// Hosts a <see cref="MasterCore"/> on a wire listener. Every input (a decoded message, a closed
/// connection, the clock) runs under one lock, so the core sees one call at a time as its contract
/// requires; the core's sends only queue frames and never block. Allocation runs are coalesced: any
/// number of triggers between two runs make one run on the thread pool. With a registry store,
/// registry changes are stored the same way: one write loop at a time, batching what changed meanwhile.
/// </summary>
public sealed class MasterServer : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly MasterServerOptions _options;
    private readonly MasterConnections _connections;
    private readonly MasterCore _core;
    private readonly ITimer _timer;
    private readonly Action<string> _log;
    private IListener? _listener;
    private bool _allocationQueued;
    private bool _registryWriting;
    private bool _stopped;

    private MasterServer(MasterServerOptions options)
    {
        _options = options;
        _log = options.Log ?? (static _ => { });
        _connections = new MasterConnections(_log);
        if (options.RegistryStore is not null)
            Registrar = new MasterRegistrar(options.RegistryStore, _log);
        _core = new MasterCore(options.Core with { DurableRegistry = Registrar is not null }, _connections, options.TimeProvider);
        TimeSpan tick = options.TickInterval ?? options.Core.TickInterval;
        // With datagram pings a tick's pings leave in one sendmmsg, and what a tick costs is mostly
        // its wake-ups (its own and the receivers'; ~50 µs each on this VM): at a 1 s ping interval
        // and 10k agents, 500 ticks a second cost 8–12 µs of master CPU per heartbeat, 100 cost
        // 4–8 (perf-reports/2026-12-05-datagram-heartbeats.md). Fewer, larger bursts (50 a second,
        // 200 pings each) cost about the same and lengthened the latency tail. At Mesos' default
        // 15 s ping interval the tick is 30 ms anyway. A test's fake clock has no wake-ups to save
        // and keeps the core's tick.
        if (options.TickInterval is null && options.DatagramHeartbeats && DatagramBatch.IsSupported && tick < DatagramTick
            && ReferenceEquals(options.TimeProvider, TimeProvider.System))
            tick = DatagramTick;
        // The real clock ticks on a thread of its own (every few ms at a 1 s ping interval; see TickThread).
        _timer = TickThread.Create(options.TimeProvider, static s => ((MasterServer)s!).OnTick(), this, "master tick");
        TickInterval = tick;
        Leadership = new MasterLeadership(elected: options.ZooKeeper is null);
    }

    /// <summary>Whether this master leads (always without --zk) and, on a standby, which master does.</summary>
    public MasterLeadership Leadership { get; }

    /// <summary>Where the master listens (with the real port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener!.LocalEndPoint;

    public MasterServerOptions Options => _options;

    /// <summary>Keeps the registry stored when the master has a registry store (an HA master); else null.</summary>
    public MasterRegistrar? Registrar { get; }

    public TimeSpan TickInterval { get; }

    /// <summary>The shortest tick when agents may take datagram pings; see the constructor.</summary>
    internal static readonly TimeSpan DatagramTick = TimeSpan.FromMilliseconds(10);

    private static readonly BlockMemoryPool MasterBlocks = new(maxRetainedBlocks: 16 * 1024);

    /// <summary>Starts listening; the clock starts with the first tick interval.</summary>
    public static async Task<MasterServer> StartAsync(MasterServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var server = new MasterServer(options);
        var listen = new ListenerOptions
        {
            LocalRole = PeerRole.Master,
            AllowedRoles = [PeerRole.Agent, PeerRole.Scheduler],
            RequiredToken = null,
            Authenticator = options.AgentCredentials is null && options.FrameworkCredentials is null ? null : server.Authenticate,
            NonWireFallback = options.HttpFallback,
            MaxFrameSize = options.MaxFrameSize,
            // A connection whose unsent bytes pass this is closed (MasterConnections.Send): the peer
            // is not reading. A scheduler's connection carries a launch flood's status updates
            // (~10 MB/s for 40k tasks/s); at 64 MiB a Marathon that fell a few seconds behind on a
            // loaded 2-core box was cut off, re-subscribed, was sent the reconciliation of every
            // task on top and was cut off again, in a loop (1,000 x 1,000 deploys with Marathon's deploy
            // batches: 7 of 19 runs at 64 MiB, none of 8 at 256 MiB).
            // Agents' connections carry little and stay far below it (an agent that stops reading is
            // found by its missed pings first).
            SendPauseThreshold = 256L * 1024 * 1024,
            SendResumeThreshold = 128L * 1024 * 1024,
            // A state document (40 MB at 10k agents) is copied into its connection's send pipe whole
            // (the pause threshold above); a pool that keeps at most 16 MiB idle allocated most of
            // those blocks afresh for every query. Up to 64 MiB idle: the next query reuses them.
            MemoryPool = MasterBlocks,
            TimeProvider = options.TimeProvider,
            Log = options.Log,
        };
        try
        {
            server._listener = await options.Transport.ListenAsync(options.TransportEndPoint ?? options.EndPoint, listen, new MasterFrameHandler(server), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The tick thread exists from the constructor on; a master that never listened must not leave it behind.
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (server._listener.LocalEndPoint is IPEndPoint bound)
        {
            // A datagram ping unanswered for half a ping interval (found so by the agent's next turn) sends it back to TCP.
            long patience = (long)(options.Core.AgentPingTimeout.TotalSeconds / 2 * options.TimeProvider.TimestampFrequency);
            HeartbeatServer? heartbeats = options.DatagramHeartbeats ? HeartbeatServer.TryStart(bound.Address, bound.Port, patience, options.Log) : null;
            lock (server._gate)
            {
                server._core.SetListeningPort(bound.Port);
                server._connections.Heartbeats = heartbeats;
            }
        }

        server._timer.Change(server.TickInterval, server.TickInterval);
        return server;
    }

    // Agents and schedulers authenticate separately (--authenticate_agents, --authenticate_frameworks).
    private string? Authenticate(PeerRole role, ReadOnlySpan<byte> token)
    {
        CredentialStore? store = role == PeerRole.Agent ? _options.AgentCredentials : _options.FrameworkCredentials;
        return store?.Verify(token);
    }

    /// <summary>Runs <paramref name="read"/> on the core under the master's lock (HTTP state, metrics, tests).</summary>
    public T Read<T>(Func<MasterCore, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_gate)
            return read(_core);
    }

    /// <summary>Changes the core's configuration under the lock (role weights and quota at start, operator calls).</summary>
    public void Configure<TState>(TState state, Action<MasterCore, TState> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Run(state, change);
    }

    /// <summary>Runs one input on the core under the lock, then queues an allocation run if one became due.</summary>
    internal void Run<TState>(TState state, Action<MasterCore, TState> input)
    {
        lock (_gate)
        {
            if (_stopped)
                return;
            input(_core, state);
            QueueAllocationIfDue();
            QueueRegistryWriteIfDue();
        }
    }

    /// <summary>
    /// A newly elected master reads the registry its predecessors stored and recovers agents and
    /// frameworks from it, before it serves anyone. Throws (and fails <see cref="Registrar"/>) when
    /// the registry cannot be read.
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancellationToken = default)
    {
        if (Registrar is null)
            return;
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        MasterRegistry registry = await Registrar.FetchAsync(cancellationToken).ConfigureAwait(false);
        Run(registry, static (core, r) => core.Recover(r));
        lock (_gate)
            _connections.EnsureCapacity(registry.Agents.Count);
        int unreachable = 0;
        foreach (RegistryAgent agent in registry.Agents)
        {
            if (agent.UnreachableTime is not null)
                unreachable++;
        }

        _log($"Recovered the registry ({Registrar.RegistrySizeBytes} bytes) in {System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds:F1} ms: "
            + $"{registry.Agents.Count - unreachable} agents to re-register, {unreachable} unreachable, {registry.Frameworks.Count} frameworks");
    }

    /// <summary>
    /// The registrar stored <paramref name="version"/>: agents waiting for it get their answers.
    /// Returns true when the write loop may end (nothing newer to store), deciding under the lock
    /// that every later change will start a new loop.
    /// </summary>
    internal bool RegistryStored(long version)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                _registryWriting = false;
                return true;
            }

            _core.OnRegistryStored(version);
            QueueAllocationIfDue();
            if (_core.RegistryVersion > version)
                return false;
            _registryWriting = false;
            return true;
        }
    }

    internal int Connect(FrameConnection connection)
    {
        lock (_gate)
            return _connections.Add(connection);
    }

    internal void Disconnected(int peer, PeerRole role)
    {
        lock (_gate)
        {
            _connections.Remove(peer);
            if (_stopped)
                return;
            if (role == PeerRole.Agent)
                _core.OnAgentDisconnected(peer);
            else
                _core.OnSchedulerDisconnected(peer);
            QueueAllocationIfDue();
            QueueRegistryWriteIfDue();
        }
    }

    internal void Log(string message) => _log(message);

    /// <summary>True once <see cref="DisposeAsync"/> began.</summary>
    internal bool IsStopped
    {
        get
        {
            lock (_gate)
                return _stopped;
        }
    }

    private void QueueAllocationIfDue()
    {
        if (_allocationQueued || !_core.NeedsAllocation)
            return;
        _allocationQueued = true;
        ThreadPool.UnsafeQueueUserWorkItem(static s => s.AllocateNow(), this, preferLocal: false);
    }

    private void QueueRegistryWriteIfDue()
    {
        if (Registrar is null || _registryWriting || _core.RegistryVersion <= _core.StoredRegistryVersion)
            return;
        _registryWriting = true;
        ThreadPool.UnsafeQueueUserWorkItem(static s => _ = s.Registrar!.WriteLoopAsync(s), this, preferLocal: false);
    }

    private void AllocateNow()
    {
        lock (_gate)
        {
            _allocationQueued = false;
            if (!_stopped && _core.NeedsAllocation)
                _core.Allocate();
        }
    }

    /// <summary>The datagram heartbeat channel's figures; null when the master pings over TCP only.</summary>
    public HeartbeatCounters? HeartbeatCounters
    {
        get
        {
            lock (_gate)
                return _connections.Heartbeats?.Counters;
        }
    }

    /// <summary>Where the datagram heartbeat channel listens; null without one.</summary>
    public IPEndPoint? HeartbeatEndPoint => _connections.Heartbeats?.LocalEndPoint;

    private void OnTick()
    {
        // The tick's pings (a slice of the agents every few ms) leave on this thread after the lock
        // instead of as one pool work item per connection (see FlushBatch); datagram pings leave in
        // one sendmmsg, and the pongs that came since the last tick are read in one recvmmsg first.
        HeartbeatServer? heartbeats = _connections.Heartbeats;
        FlushBatch.Begin();
        try
        {
            lock (_gate)
            {
                if (!_stopped)
                {
                    if (heartbeats is not null)
                    {
                        var pongs = new CorePongs(_core);
                        heartbeats.Drain(ref pongs);
                    }

                    _core.Tick();
                    QueueRegistryWriteIfDue();
                }
            }
        }
        finally
        {
            // The datagram pings first: the held TCP flushes (offers, launches) can take longer.
            heartbeats?.Flush();
            FlushBatch.End();
        }
    }

    private readonly struct CorePongs(MasterCore core) : IPongSink
    {
        public void OnPong(int peer, in FastMesos.Messages.Pong pong) => core.OnPong(peer, pong);
    }

    /// <summary>Stops the clock and the listener (closing every connection).</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
            _stopped = true;
        await _timer.DisposeAsync().ConfigureAwait(false);
        if (_listener is not null)
            await _listener.StopAsync().ConfigureAwait(false);
        lock (_gate)
            _connections.Heartbeats?.Dispose();
    }
}

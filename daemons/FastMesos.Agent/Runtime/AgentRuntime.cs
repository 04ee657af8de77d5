using FastMesos.Transport.Connections;

namespace FastMesos.Agent.Runtime;

/// <summary>
/// The agent (Mesos' <c>Slave</c>): registers with the master and keeps that link alive, runs each
/// task in a container of <see cref="AgentOptions.Containerizer"/>, reports its states reliably
/// through the <see cref="StatusUpdateManager"/>, checkpoints what it runs and, when restarted on the
/// same work dir, recovers its running tasks and re-registers under the same agent id.
/// <para>
/// Every input (a master message, a closed connection, a container's end, a launch completing, the
/// clock) runs under one lock, so the state is touched by one call at a time; sends only queue
/// frames and checkpoint writes are small files, so nothing slow happens under it. Launches and
/// kills run outside the lock and come back in as inputs.
/// </para>
/// </summary>
public sealed partial class AgentRuntime : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly AgentOptions _options;
    private readonly AgentPaths _paths;
    private readonly AgentRuntimeState _state;
    private readonly StatusUpdateManager _updates;
    private readonly Action<string> _log;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly TaskCompletionSource _stoppedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _startTimestamp;
    private ReconnectingDialer? _dialer;
    private bool _stopped;

    private AgentRuntime(AgentOptions options)
    {
        _options = options;
        _time = options.TimeProvider;
        _log = options.Log ?? (static _ => { });
        _paths = new AgentPaths(options.WorkDir);
        _startTimestamp = _time.GetTimestamp();
        _state = new AgentRuntimeState(options, _time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
        _updates = new StatusUpdateManager(_time, options.StatusUpdateRetryMin, options.StatusUpdateRetryMax, options.SyncCheckpoints, Forward);
        _timer = _time.CreateTimer(static s => ((AgentRuntime)s!).OnTick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public AgentOptions Options => _options;

    public AgentPaths Paths => _paths;

    public TimeSpan Uptime => _time.GetElapsedTime(_startTimestamp);

    /// <summary>Completes when the runtime stopped: disposed, or shut down by the master (ShutdownAgent).</summary>
    public Task Stopped => _stoppedSignal.Task;

    /// <summary>The agent id once known (registered, or recovered from the checkpoint).</summary>
    public string? AgentId
    {
        get
        {
            lock (_gate)
                return _state.AgentId?.Value;
        }
    }

    public bool Registered
    {
        get
        {
            lock (_gate)
                return _state.Registered;
        }
    }

    /// <summary>Status updates checkpointed and not yet acknowledged, over all tasks.</summary>
    public int PendingUpdates
    {
        get
        {
            lock (_gate)
            {
                int n = 0;
                foreach (StatusUpdateStream stream in _updates.Streams)
                    n += stream.PendingCount;
                return n;
            }
        }
    }

    /// <summary>
    /// Recovers the checkpoint in <see cref="AgentOptions.WorkDir"/> (when <see cref="AgentOptions.Recover"/>),
    /// then starts dialing the master; registration completes in the background.
    /// </summary>
    public static Task<AgentRuntime> StartAsync(AgentOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Containerizer);
        if (options.Master is null && options.MasterLocator is null)
            throw new ArgumentException("AgentOptions needs Master or MasterLocator", nameof(options));
        cancellationToken.ThrowIfCancellationRequested();
        var runtime = new AgentRuntime(options);
        Directory.CreateDirectory(runtime._paths.WorkDir);
        lock (runtime._gate)
        {
            if (options.Recover)
                runtime.RecoverCheckpoint();
            else
                runtime.ForgetCheckpoint();
        }

        runtime.StartDialer();
        runtime._timer.Change(options.TickInterval, options.TickInterval);
        return Task.FromResult(runtime);
    }

    /// <summary>Runs <paramref name="read"/> on the agent's state under the runtime's lock (HTTP endpoints, tests).</summary>
    public T Read<T>(Func<AgentRuntimeState, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_gate)
            return read(_state);
    }

    /// <summary>
    /// Stops the runtime as an agent process stops: the master link and the clock end, containers keep
    /// running and the checkpoint stays, so a new runtime on the same work dir recovers them.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_stopped)
                return;
            _stopped = true;
        }

        await StopAsync().ConfigureAwait(false);
    }

    private async Task StopAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        if (_dialer is not null)
            await _dialer.DisposeAsync().ConfigureAwait(false);
        lock (_gate)
        {
            _state.Registered = false;
            CloseHeartbeats();
            foreach (AgentTask task in _state.Tasks.Values)
            {
                task.LaunchCancel?.Cancel();
                StopHealthCheck(task);
            }
        }

        _healthProbes?.Dispose();

        _stoppedSignal.TrySetResult();
    }

    private void OnTick()
    {
        lock (_gate)
        {
            if (_stopped)
                return;
            CheckMasterLink();
            _updates.Tick();
        }
    }

    private double Now() => _time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
}

using System.Text;
using FastMesos.Apps.Launching;
using FastMesos.Apps.Matching;
using FastMesos.Apps.Model;
using FastMesos.Marathon.Cli;
using FastMesos.Marathon.State;
using FastMesos.Messages;
using FastMesos.Scheduler;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// Marathon's scheduler: the app tree, the instances, running deployments and the launch queue,
/// owned by one <see cref="SerialExecutor"/> loop and fed by REST calls, offers, status updates and
/// timers. Every change a REST call makes is stored before the call is answered (DESIGN.md §5).
/// The pure decisions — plans, restart arithmetic, scaling, matching, backoff — are
/// engine/FastMesos.Apps; this class applies them to the master through the scheduler driver.
/// </summary>
public sealed partial class MarathonRuntime : IAsyncDisposable
{
    /// <summary>
    /// The driver's pause threshold: a launch batch counts as sent only once less than half of this
    /// is unsent to the master (see LaunchWhenStoredAsync). 32 MiB is about a second of ACCEPTs for
    /// a busy master, slack enough that it never runs dry between batches; 8 MiB did (a 1,000 × 1,000
    /// deploy took 30–35 s against 29–33 s, perf-reports/2026-12-07-receive-yield/).
    /// </summary>
    internal const long LaunchBackPressureBytes = 32L * 1024 * 1024;

    private const string GroupKey = "group";
    private const string FrameworkIdKey = "framework-id";
    private const string InstancesPrefix = Instance.StorePrefix;
    private const string VersionsPrefix = "versions";

    private readonly MarathonOptions _options;
    private readonly IMarathonStore _store;
    private readonly TimeProvider _time;
    private readonly Action<string>? _log;
    private readonly SerialExecutor _loop;
    private readonly InstanceTable _instances = new();
    private readonly Dictionary<string, AppRuntimeState> _apps = new(StringComparer.Ordinal);
    private readonly List<RunningDeployment> _deployments = [];
    private readonly RateLimiter _backoff = new();
    private readonly ServicePortAllocator _servicePorts;
    private readonly OfferMatcher _matcher = new();
    private readonly Dictionary<AgentId, (string Host, AgentAttributes Attributes)> _agents = [];
    private readonly CancellationTokenSource _stopping = new();
    private RootGroup _root = RootGroup.Empty;
    private SchedulerDriver? _driver;
    private ITimer? _reconcileTimer;
    private ITimer? _housekeepingTimer;
    private bool _suppressed;
    private bool _reviveWanted;
    private int _launchTokens;
    private readonly ReviveThrottle _reviveThrottle;
    private ITimer? _reviveTimer;
    private ITimer? _launchTokenTimer;

    private MarathonRuntime(MarathonOptions options, IMarathonStore store)
    {
        _options = options;
        _store = store;
        _time = options.TimeProvider;
        _log = options.Log;
        _loop = new SerialExecutor(_log);
        _servicePorts = new ServicePortAllocator(options.LocalPortMin, options.LocalPortMax);
        _launchTokens = options.LaunchTokens;
        _reviveThrottle = new ReviveThrottle(options.MinReviveOffersInterval);
        Events = new Events.EventBus(options.TimeProvider, options.EventStreamMaxOutstandingMessages);
        EventCallbacks = options.HttpCallbacks ? new Events.HttpCallbackSubscriptions(store, Events, options.Callbacks, _time, _log) : null;
        Metrics = new Metrics.MarathonMetrics(options.MetricsNamePrefix, options.TimeProvider);
    }

    /// <summary>The event bus behind <c>/v2/events</c>.</summary>
    public Events.EventBus Events { get; }

    /// <summary>The <c>/v2/eventSubscriptions</c> callbacks; null without <c>--event_subscriber http_callback</c>.</summary>
    public Events.HttpCallbackSubscriptions? EventCallbacks { get; }

    /// <summary>The framework id the master gave Marathon (null before the first subscription).</summary>
    public string? FrameworkId { get; private set; }

    /// <summary>True once subscribed to the master.</summary>
    public bool IsSubscribed => _driver?.IsSubscribed ?? false;

    public MarathonOptions Options => _options;

    /// <summary>
    /// Loads the stored state (apps, instances, framework id), then subscribes to the master with the
    /// stored framework id, reconciles every known task and resumes scaling.
    /// </summary>
    public static async Task<MarathonRuntime> StartAsync(MarathonOptions options, IMarathonStore store, CancellationToken cancellationToken = default)
    {
        MarathonRuntime runtime = Create(options, store);
        try
        {
            await runtime.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await runtime.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return runtime;
    }

    /// <summary>
    /// A runtime that does nothing until <see cref="StartAsync(CancellationToken)"/>: an HA standby maps
    /// its endpoints on it and starts it only once elected.
    /// </summary>
    internal static MarathonRuntime Create(MarathonOptions options, IMarathonStore store)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        return new MarathonRuntime(options, store);
    }

    /// <summary>Loads the stored state, resumes deployments, subscribes and starts the timers. Called once.</summary>
    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        await _loop.RunAsync(async () =>
        {
            await LoadAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        if (EventCallbacks is not null)
            await EventCallbacks.LoadAsync(_options.HttpEndpoints, cancellationToken).ConfigureAwait(false);
        StartDriver();
        Metrics.BecameLeader();
        _reconcileTimer = _options.TimeProvider.CreateTimer(
            static state => ((MarathonRuntime)state!).Post(static r => r.ReconcileAll(), "reconciliation"),
            this, _options.ReconciliationInitialDelay, _options.ReconciliationInterval);
        _housekeepingTimer = _options.TimeProvider.CreateTimer(
            static state => ((MarathonRuntime)state!).Post(static r => r.Housekeeping(), "housekeeping"),
            this, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        _launchTokenTimer = _options.TimeProvider.CreateTimer(
            static state => ((MarathonRuntime)state!).Post(static r => r.RefreshLaunchTokens(), "launch tokens"),
            this, _options.LaunchTokenRefreshInterval, _options.LaunchTokenRefreshInterval);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        byte[]? frameworkId = await _store.GetAsync(FrameworkIdKey, cancellationToken).ConfigureAwait(false);
        FrameworkId = frameworkId is null ? null : Encoding.UTF8.GetString(frameworkId);
        byte[]? group = await _store.GetAsync(GroupKey, cancellationToken).ConfigureAwait(false);
        if (group is not null)
        {
            _root = await ReadStoredRootAsync(group).ConfigureAwait(false)
                ?? throw new InvalidDataException("the stored root group names an app version that is not stored");
        }

        foreach (AppDefinition app in _root.TransitiveApps())
            Track(app);
        foreach (string name in await _store.ListAsync(InstancesPrefix, cancellationToken).ConfigureAwait(false))
        {
            byte[]? bytes = await _store.GetAsync(InstancesPrefix + "/" + name, cancellationToken).ConfigureAwait(false);
            if (bytes is null)
                continue;
            Instance instance = InstanceCodec.Read(bytes);
            AddInstance(instance);
        }
        await LoadFailuresAsync(cancellationToken).ConfigureAwait(false);
        await LoadHealthAsync(cancellationToken).ConfigureAwait(false);

        _log?.Invoke($"I Loaded {_apps.Count} apps and {_instances.Count} instances (framework id {FrameworkId ?? "none yet"})");
        // Running deployments resume; apps whose instance count drifted while Marathon was away are
        // scaled back to their definition.
        await ResumeAsync(cancellationToken).ConfigureAwait(false);
    }

    private void StartDriver()
    {
        var framework = new FrameworkInfo
        {
            Id = FrameworkId is null ? null : new Messages.FrameworkId(FrameworkId),
            Name = _options.FrameworkName,
            User = "root",
            Roles = [_options.MesosRole],
            FailoverTimeoutSeconds = _options.FailoverTimeoutSeconds,
            Checkpoint = true,
            Hostname = _options.Hostname,
            Capabilities = FrameworkCapabilities.PartitionAware | FrameworkCapabilities.MultiRole,
        };
        _driver = new SchedulerDriver(new SchedulerDriverOptions
        {
            Master = _options.Master,
            MasterLocator = _options.MasterLocator,
            Framework = framework,
            TimeProvider = _time,
            Transport = _options.Transport,
            Log = _log,
            // Launches wait for the driver to drain below half of this (LaunchWhenStoredAsync), so an
            // acknowledgement queues behind at most ~32 MiB of ACCEPTs.
            SendPauseThreshold = LaunchBackPressureBytes,
        }, new Callbacks(this));
        _driver.Start();
    }

    /// <summary>Runs <paramref name="work"/> on the loop and returns its result (REST queries and calls).</summary>
    internal Task<T> RunAsync<T>(Func<MarathonRuntime, Task<T>> work) => _loop.RunAsync(() => RestoringPortsOnFailureAsync(work));

    /// <summary>Runs a read-only <paramref name="query"/> on the loop.</summary>
    internal Task<T> QueryAsync<T>(Func<MarathonRuntime, T> query) => _loop.RunAsync(() => Task.FromResult(query(this)));

    private void Post(Func<MarathonRuntime, Task> work, string what) => _loop.Post(() => work(this), what);

    private void Post(Action<MarathonRuntime> work, string what) => _loop.Post(() =>
    {
        work(this);
        return Task.CompletedTask;
    }, what);

    private DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Starts tracking <paramref name="app"/> (a new app, or a new version of one).</summary>
    private AppRuntimeState Track(AppDefinition app)
    {
        string id = app.Id.ToString();
        // Every deployment tracks every app of its target tree; one carried over unchanged (the same
        // definition object) keeps its requirements, placement and service ports as they are.
        if (_apps.TryGetValue(id, out AppRuntimeState? state) && ReferenceEquals(state.App, app))
            return state;
        var requirements = AppLaunch.Requirements(app, _options);
        if (state is not null)
        {
            state.App = app;
            state.Requirements = requirements;
            state.Placed = RebuildPlaced(id, requirements);
        }
        else
        {
            state = new AppRuntimeState { App = app, Requirements = requirements, Placed = RebuildPlaced(id, requirements) };
            _apps[id] = state;
        }

        var declared = new List<int>(app.PortDefinitions.Count);
        foreach (PortDefinition port in app.PortDefinitions)
            declared.Add(port.Port);
        if (declared.Count > 0 && _servicePorts.TryAssign(id, declared, out int[] ports, out _, out _))
            state.ServicePorts = ports;
        return state;
    }

    /// <summary>The constraint values of the app's placed instances, from the agents seen in offers.</summary>
    private PlacedValues RebuildPlaced(string appId, LaunchRequirements requirements)
    {
        var placed = new PlacedValues(requirements.Constraints);
        foreach (Instance instance in InstancesOf(appId))
        {
            if (instance.IsActive && instance.AgentId is { } agent && _agents.TryGetValue(agent, out var info))
                placed.Add(info.Host, info.Attributes);
        }
        return placed;
    }

    private Task PersistAsync(Instance instance) =>
        _store.PutAsync(instance.StoreKey, InstanceCodec.Write(instance), _stopping.Token);

    private async Task ForgetAsync(Instance instance)
    {
        await _store.DeleteAsync(instance.StoreKey, _stopping.Token).ConfigureAwait(false);
        await ForgetHealthAsync(instance.InstanceId).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _reconcileTimer?.Dispose();
        _housekeepingTimer?.Dispose();
        _launchTokenTimer?.Dispose();
        _reviveTimer?.Dispose();
        if (_driver is not null)
            await _driver.StopAsync(failover: true).ConfigureAwait(false);
        // Before the token stops the store's writes: no update arrives any more.
        await FlushStatusesAsync().ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.DisposeAsync().ConfigureAwait(false);
        // Nothing posts to the loop any more: the launches and task states it did not wait for end
        // here (neither faults), before the host closes the store.
        await _launchesInFlight.ConfigureAwait(false);
        await _statusWriteInFlight.ConfigureAwait(false);
        if (EventCallbacks is not null)
            await EventCallbacks.DisposeAsync().ConfigureAwait(false);
        _prober.Dispose();
        _readinessProber?.Dispose();
        _stopping.Dispose();
    }
}

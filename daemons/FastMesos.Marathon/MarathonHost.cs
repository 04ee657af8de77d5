using System.Net;
using FastMesos.Coordination;
using FastMesos.Marathon.Cli;
using FastMesos.Marathon.Ha;
using FastMesos.Marathon.Http;
using FastMesos.Marathon.Metrics;
using FastMesos.Marathon.Runtime;
using FastMesos.Marathon.State;

namespace FastMesos.Marathon;

/// <summary>
/// A whole Marathon as <c>fastmesos-marathon</c>, <c>fastmesos marathon</c> and <c>fastmesos local</c>
/// run it: the state store (embedded: files under <c>--work_dir</c>; with <c>--zk</c>: ZooKeeper), the
/// runtime subscribed to the master, and the REST API on <c>--http_port</c>. With <c>--zk</c> and HA
/// the runtime starts only once this Marathon is elected; until then the API proxies to the leader
/// (<see cref="MarathonHa"/>).
/// </summary>
public sealed class MarathonHost : IAsyncDisposable
{
    private static readonly Task<int> Never = new TaskCompletionSource<int>().Task;

    private readonly MarathonHttpServer _http;
    private readonly IMarathonStore _store;
    private readonly MarathonHa? _ha;
    private readonly MetricsReporters _reporters;
    private int _disposed;

    private MarathonHost(MarathonRuntime runtime, MarathonHttpServer http, IMarathonStore store, MarathonHa? ha, MetricsReporters reporters)
    {
        _reporters = reporters;
        Runtime = runtime;
        _http = http;
        _store = store;
        _ha = ha;
    }

    public MarathonRuntime Runtime { get; }

    /// <summary>The REST API's bound address.</summary>
    public IPEndPoint EndPoint => _http.EndPoint;

    /// <summary>The REST API's base address, e.g. http://127.0.0.1:8080/.</summary>
    public Uri Url => new($"http://{(EndPoint.Address.Equals(IPAddress.Any) ? "127.0.0.1" : EndPoint.Address.ToString())}:{EndPoint.Port}/");

    /// <summary>True when this Marathon leads: always without HA, once elected and started with it.</summary>
    public bool IsLeader => _ha?.IsLeading ?? true;

    /// <summary>
    /// Completes with Marathon's exit code when the process must end by itself (HA only): 105 after
    /// abdicating, 103 leadership lost, 101 ZooKeeper session lost as a standby, 104 the state could
    /// not be loaded on election. Never completes without HA.
    /// </summary>
    public Task<int> Exited => _ha?.Exited ?? Never;

    /// <summary>A host on a given <paramref name="store"/> (the simulator's in-memory one), without HA; the host owns and disposes it.</summary>
    public static Task<MarathonHost> StartAsync(MarathonOptions options, IMarathonStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        return StartAsync(options, store, zk: null, group: null, cancellationToken);
    }

    /// <summary>A host as the flags describe it: state in ZooKeeper with --zk (and HA unless disabled), else under --work_dir.</summary>
    public static async Task<MarathonHost> StartAsync(MarathonOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ZooKeeperClient? zk = null;
        string? group = null;
        IMarathonStore store;
        if (options.ZooKeeperUrl is { } url)
        {
            (string ensemble, group) = ZooKeeperConnectionString.SplitGroup(url);
            zk = await ZooKeeperClient.ConnectAsync(ensemble, new ZooKeeperClientOptions
            {
                SessionTimeout = options.ZooKeeperSessionTimeout,
                TimeProvider = options.TimeProvider,
                Log = options.Log,
            }, cancellationToken).ConfigureAwait(false);
            // Without HA the store owns the session; with HA the election does (one session for both, as Marathon's).
            store = new ZooKeeperMarathonStore(zk, ZooKeeperMarathonStore.StateRoot(group), ownsClient: options.DisableHa);
        }
        else
        {
            store = SqliteMarathonStore.Open(options.WorkDir);
        }

        return await StartAsync(options, store, zk, group, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<MarathonHost> StartAsync(MarathonOptions options, IMarathonStore store, ZooKeeperClient? zk, string? group,
        CancellationToken cancellationToken)
    {
        bool ha = zk is not null && !options.DisableHa;
        MarathonRuntime? runtime = null;
        MarathonHttpServer? http = null;
        MarathonHa? leadership = null;
        try
        {
            runtime = ha ? MarathonRuntime.Create(options, store) : await MarathonRuntime.StartAsync(options, store, cancellationToken).ConfigureAwait(false);
            BasicCredentials? credentials = options.HttpCredentials is { } text ? BasicCredentials.Parse(text.Text) : null;
            MarathonHttpServer? server = null;
            Func<string?> leader = ha ? () => leadership?.Leader : () => $"{options.Hostname}:{LeaderPort(options, server)}";
            http = server = MarathonHttpServer.Create(options.HttpEndPoint, credentials,
                () => leader() is { } l ? "http://" + l : null, options.Log, runtime.Metrics, options.TimeProvider);
            if (ha)
                http.Use((ctx, next) => leadership is null ? next(ctx) : leadership.FilterAsync(ctx, next));
            AppsEndpoints.Map(http.Routes, runtime, options.Log);
            SystemEndpoints.Map(http.Routes, runtime, () => leader() ?? "", options.Log);
            MetricsEndpoints.Map(http.Routes, runtime, !options.DisableMetricsPrometheus, options.Log);
            await http.StartAsync(cancellationToken).ConfigureAwait(false);
            if (ha)
            {
                string id = $"{options.Hostname}:{http.EndPoint.Port}";
                MarathonElection election = await MarathonElection.StartAsync(zk!, group!, id, options.TimeProvider, options.Log, cancellationToken)
                    .ConfigureAwait(false);
                zk = null; // the election owns it now
                leadership = new MarathonHa(election, runtime, options.Log);
            }
            return new MarathonHost(runtime, http, store, leadership, MetricsReporters.Start(options, runtime));
        }
        catch
        {
            if (http is not null)
                await http.DisposeAsync().ConfigureAwait(false);
            if (leadership is not null)
                await leadership.DisposeAsync().ConfigureAwait(false);
            else if (runtime is not null)
                await runtime.DisposeAsync().ConfigureAwait(false);
            await store.DisposeAsync().ConfigureAwait(false);
            if (ha && zk is not null)
                await zk.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static int LeaderPort(MarathonOptions options, MarathonHttpServer? server) =>
        server is { EndPoint.Port: not 0 } ? server.EndPoint.Port : options.HttpEndPoint.Port;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _reporters.DisposeAsync().ConfigureAwait(false);
        await _http.DisposeAsync().ConfigureAwait(false);
        if (_ha is not null)
            await _ha.DisposeAsync().ConfigureAwait(false); // stops the runtime, leaves the election, closes the session
        else
            await Runtime.DisposeAsync().ConfigureAwait(false);
        await _store.DisposeAsync().ConfigureAwait(false);
    }
}

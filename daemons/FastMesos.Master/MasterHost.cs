using System.Net;
using FastMesos.Hosting.Http;
using FastMesos.Master.Ha;
using FastMesos.Master.Http;
using FastMesos.Master.Registry;

namespace FastMesos.Master;

/// <summary>
/// A whole master as a daemon runs it: the <see cref="MasterServer"/> on its wire port, the HTTP
/// endpoints served on the same port, and the role configuration (weights, quota) applied before
/// the first agent arrives. <c>fastmesos-master</c> and <c>fastmesos local</c> both host this.
/// With <see cref="MasterServerOptions.ZooKeeper"/> it also stands for election once it listens
/// (the member node carries the bound port), serving peers only after it is elected.
/// </summary>
public sealed class MasterHost : IAsyncDisposable
{
    private static readonly Task Never = new TaskCompletionSource().Task;
    private readonly WirePortHttp _http;
    private readonly MasterElection? _election;
    private readonly ZooKeeperRegistryStore? _registry;

    private MasterHost(MasterServer server, WirePortHttp http, MasterElection? election, ZooKeeperRegistryStore? registry)
    {
        Server = server;
        _http = http;
        _election = election;
        _registry = registry;
    }

    /// <summary>The election this master stands in (null without --zk).</summary>
    public MasterElection? Election => _election;

    /// <summary>
    /// Completes when an HA master's candidacy ended behind its back (session expired, node deleted)
    /// or its registry could not be recovered or stored: like Mesos ("Lost leadership... committing
    /// suicide") the daemon must exit. Never without --zk.
    /// </summary>
    public Task LeadershipLost => _election is null
        ? Never
        : Task.WhenAny(_election.Lost, Server.Leadership.Failed, Server.Registrar?.Failed ?? Never);

    /// <summary>Why <see cref="LeadershipLost"/> completed, for the exit message; null while it has not.</summary>
    public string? LostReason
    {
        get
        {
            if (_election?.LostReason is { } lost)
                return lost;
            if (Server.Leadership.Failed.IsCompleted)
                return "recovering the registry failed: " + Server.Leadership.Failed.Result.Message;
            if (Server.Registrar?.Failed is { IsCompleted: true } failed)
                return "storing the registry failed: " + failed.Result.Message;
            return null;
        }
    }

    public MasterServer Server { get; }

    /// <summary>The bound wire and HTTP endpoint.</summary>
    public IPEndPoint EndPoint => Server.LocalEndPoint;

    /// <summary>The master's HTTP base address, e.g. http://127.0.0.1:5050/.</summary>
    public Uri Url => new($"http://{FormatHost(EndPoint.Address)}:{EndPoint.Port}/");

    public static async Task<MasterHost> StartAsync(
        MasterServerOptions options,
        IReadOnlyDictionary<string, double>? weights = null,
        IReadOnlyDictionary<string, RoleQuota>? quotas = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        WirePortHttp http = WirePortHttp.Create("master", log: options.Log);
        MasterServer? server = null;
        MasterElection? election = null;
        ZooKeeperRegistryStore? registry = null;
        try
        {
            if (options.ZooKeeper is not null && options.RegistryStore is null)
            {
                registry = await ZooKeeperRegistryStore.ConnectAsync(options.ZooKeeper, options.Log, cancellationToken).ConfigureAwait(false);
                options = options with { RegistryStore = registry };
            }

            server = await MasterServer.StartAsync(options with { HttpFallback = http.Fallback }, cancellationToken).ConfigureAwait(false);
            server.Configure((weights, quotas), static (core, roles) =>
            {
                if (roles.weights is not null)
                {
                    foreach (KeyValuePair<string, double> weight in roles.weights)
                        core.Allocator.SetWeight(weight.Key, weight.Value);
                }

                if (roles.quotas is not null)
                {
                    foreach (KeyValuePair<string, RoleQuota> quota in roles.quotas)
                        core.Allocator.SetQuota(quota.Key, quota.Value.Guarantee, quota.Value.Limit);
                }
            });
            http.Routes.MapMasterEndpoints(server);
            await http.StartAsync(cancellationToken).ConfigureAwait(false);
            if (options.ZooKeeper is not null)
            {
                MasterServer elected = server;
                server.Leadership.BeforeLeading = () => elected.RecoverAsync();
                byte[] info = server.Read(static core => MasterInfoJson.Write(core.Options));
                election = await MasterElection.StartAsync(options.ZooKeeper, info, server.Leadership, options.Log, cancellationToken).ConfigureAwait(false);
            }

            return new MasterHost(server, http, election, registry);
        }
        catch
        {
            if (election is not null)
                await election.DisposeAsync().ConfigureAwait(false);
            if (server is not null)
                await server.DisposeAsync().ConfigureAwait(false);
            await http.DisposeAsync().ConfigureAwait(false);
            if (registry is not null)
                await registry.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    internal static string FormatHost(IPAddress address) =>
        address.Equals(IPAddress.Any) ? "127.0.0.1" : address.ToString();

    /// <summary>
    /// Leaves the election first (a standby takes over at once), then stops HTTP: Kestrel closes its
    /// idle keep-alive connections, so the wire listener's stop, which waits for every connection on
    /// the port, does not wait for them.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_election is not null)
            await _election.DisposeAsync().ConfigureAwait(false);
        await _http.DisposeAsync().ConfigureAwait(false);
        await Server.DisposeAsync().ConfigureAwait(false);
        if (_registry is not null)
            await _registry.DisposeAsync().ConfigureAwait(false);
    }
}

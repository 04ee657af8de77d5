using System.Net;
using FastMesos.Hosting.Http;
using FastMesos.Master.Http;

namespace FastMesos.Master;

/// <summary>
/// A whole master as a daemon runs it: the <see cref="MasterServer"/> on its wire port, the HTTP
/// endpoints served on the same port, and the role configuration (weights, quota) applied before
/// the first agent arrives. <c>fastmesos-master</c> and <c>fastmesos local</c> both host this.
/// </summary>
public sealed class MasterHost : IAsyncDisposable
{
    private readonly WirePortHttp _http;

    private MasterHost(MasterServer server, WirePortHttp http)
    {
        Server = server;
        _http = http;
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
        try
        {
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
            return new MasterHost(server, http);
        }
        catch
        {
            if (server is not null)
                await server.DisposeAsync().ConfigureAwait(false);
            await http.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    internal static string FormatHost(IPAddress address) =>
        address.Equals(IPAddress.Any) ? "127.0.0.1" : address.ToString();

    /// <summary>
    /// Stops HTTP first: Kestrel closes its idle keep-alive connections, so the wire listener's
    /// stop, which waits for every connection on the port, does not wait for them.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _http.DisposeAsync().ConfigureAwait(false);
        await Server.DisposeAsync().ConfigureAwait(false);
    }
}

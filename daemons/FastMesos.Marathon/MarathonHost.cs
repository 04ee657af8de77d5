using System.Net;
using FastMesos.Marathon.Cli;
using FastMesos.Marathon.Http;
using FastMesos.Marathon.Runtime;
using FastMesos.Marathon.State;

namespace FastMesos.Marathon;

/// <summary>
/// A whole Marathon as <c>fastmesos-marathon</c>, <c>fastmesos marathon</c> and <c>fastmesos local</c>
/// run it: the state store (embedded: files under <c>--work_dir</c>), the runtime subscribed to the
/// master, and the REST API on <c>--http_port</c>.
/// </summary>
public sealed class MarathonHost : IAsyncDisposable
{
    private readonly MarathonHttpServer _http;
    private readonly IMarathonStore _store;

    private MarathonHost(MarathonRuntime runtime, MarathonHttpServer http, IMarathonStore store)
    {
        Runtime = runtime;
        _http = http;
        _store = store;
    }

    public MarathonRuntime Runtime { get; }

    /// <summary>The REST API's bound address.</summary>
    public IPEndPoint EndPoint => _http.EndPoint;

    /// <summary>The REST API's base address, e.g. http://127.0.0.1:8080/.</summary>
    public Uri Url => new($"http://{(EndPoint.Address.Equals(IPAddress.Any) ? "127.0.0.1" : EndPoint.Address.ToString())}:{EndPoint.Port}/");

    public static Task<MarathonHost> StartAsync(MarathonOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return StartAsync(options, new FileMarathonStore(Path.Combine(options.WorkDir, "state")), cancellationToken);
    }

    /// <summary>A host on a given <paramref name="store"/> (the simulator's in-memory one); the host owns and disposes it.</summary>
    public static async Task<MarathonHost> StartAsync(MarathonOptions options, IMarathonStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        MarathonRuntime? runtime = null;
        MarathonHttpServer? http = null;
        try
        {
            runtime = await MarathonRuntime.StartAsync(options, store, cancellationToken).ConfigureAwait(false);
            BasicCredentials? credentials = options.HttpCredentials is { } text ? BasicCredentials.Parse(text.Text) : null;
            MarathonHttpServer? server = null;
            http = server = MarathonHttpServer.Create(options.HttpEndPoint, credentials,
                () => $"http://{options.Hostname}:{LeaderPort(options, server)}", options.Log);
            AppsEndpoints.Map(http.Routes, runtime, options.Log);
            SystemEndpoints.Map(http.Routes, runtime, () => $"{options.Hostname}:{LeaderPort(options, server)}", options.Log);
            await http.StartAsync(cancellationToken).ConfigureAwait(false);
            return new MarathonHost(runtime, http, store);
        }
        catch
        {
            if (http is not null)
                await http.DisposeAsync().ConfigureAwait(false);
            if (runtime is not null)
                await runtime.DisposeAsync().ConfigureAwait(false);
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static int LeaderPort(MarathonOptions options, MarathonHttpServer? server) =>
        server is { EndPoint.Port: not 0 } ? server.EndPoint.Port : options.HttpEndPoint.Port;

    public async ValueTask DisposeAsync()
    {
        await _http.DisposeAsync().ConfigureAwait(false);
        await Runtime.DisposeAsync().ConfigureAwait(false);
        await _store.DisposeAsync().ConfigureAwait(false);
    }
}

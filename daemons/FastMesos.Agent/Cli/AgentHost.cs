using System.Buffers;
using System.Net;
using FastMesos.Agent.Containers;
using FastMesos.Agent.Http;
using FastMesos.Agent.Runtime;
using FastMesos.Hosting.Http;
using FastMesos.Transport.Connections;

namespace FastMesos.Agent.Cli;

/// <summary>
/// A whole agent as a daemon runs it: a listener on its port serving HTTP (the wire side admits
/// no peers yet: executors will use it), the process containerizer, and the runtime that
/// registers with the master. The port is bound first so the agent advertises the real one.
/// </summary>
public sealed class AgentHost : IAsyncDisposable
{
    private readonly IListener _listener;
    private readonly WirePortHttp _http;

    private AgentHost(IListener listener, WirePortHttp http, AgentRuntime runtime)
    {
        _listener = listener;
        _http = http;
        Runtime = runtime;
    }

    public AgentRuntime Runtime { get; }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint;

    /// <summary>The agent's HTTP base address, e.g. http://127.0.0.1:5051/.</summary>
    public Uri Url => new($"http://{(EndPoint.Address.Equals(IPAddress.Any) ? "127.0.0.1" : EndPoint.Address.ToString())}:{EndPoint.Port}/");

    public static async Task<AgentHost> StartAsync(AgentHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        WirePortHttp http = WirePortHttp.Create("agent", log: options.Agent.Log);
        IListener? listener = null;
        try
        {
            var listen = new ListenerOptions
            {
                LocalRole = PeerRole.Agent,
                AllowedRoles = [],
                NonWireFallback = http.Fallback,
                Log = options.Agent.Log,
            };
            listener = await TcpTransport.Instance.ListenAsync(options.EndPoint, listen, NoWirePeers.Instance, cancellationToken).ConfigureAwait(false);
            int port = ((IPEndPoint)listener.LocalEndPoint).Port;
            var containerizer = new ProcessContainerizer(options.Containerizer);
            AgentRuntime runtime = await AgentRuntime.StartAsync(options.Agent with { Port = port, Containerizer = containerizer }, cancellationToken).ConfigureAwait(false);
            http.Routes.MapAgentEndpoints(runtime);
            await http.StartAsync(cancellationToken).ConfigureAwait(false);
            return new AgentHost(listener, http, runtime);
        }
        catch
        {
            if (listener is not null)
                await listener.StopAsync().ConfigureAwait(false);
            await http.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Stops the runtime (tasks keep running: a restarted agent recovers them), then HTTP (closing
    /// idle keep-alive connections), then the listener.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync().ConfigureAwait(false);
        await _http.DisposeAsync().ConfigureAwait(false);
        await _listener.StopAsync().ConfigureAwait(false);
    }

    // The listener admits no wire role yet, so no frame ever arrives here.
    private sealed class NoWirePeers : IFrameHandler
    {
        public static readonly NoWirePeers Instance = new();

        public void OnFrame(FrameConnection connection, ushort messageType, in ReadOnlySequence<byte> payload) =>
            connection.Close(CloseReason.UnexpectedMessage, "the agent accepts no wire peers");
    }
}

using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FastMesos.Hosting.Http;

/// <summary>
/// HTTP served on a daemon's wire port, as Mesos serves HTTP and libprocess messages on 5050: the
/// wire listener sniffs each connection's first bytes and hands the non-wire ones to
/// <see cref="Fallback"/>; Kestrel (HTTP/1.1, keep-alive, chunking, limits) parses the requests.
/// Kestrel never opens a socket of its own.
/// <para>Use: create, pass <see cref="Fallback"/> as the listener's NonWireFallback, start the
/// listener, map the endpoints on <see cref="Routes"/> (they usually need the started daemon),
/// then <see cref="StartAsync"/>; stop in the reverse order. Connections that arrive before
/// <see cref="StartAsync"/> are closed.</para>
/// </summary>
public sealed class WirePortHttp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly WirePortListener _listener;
    private bool _started;

    private WirePortHttp(WebApplication app, WirePortListener listener)
    {
        _app = app;
        _listener = listener;
    }

    /// <summary>The wire listener's NonWireFallback.</summary>
    public Func<IDuplexPipe, EndPoint?, ValueTask> Fallback => _listener.ServeAsync;

    /// <summary>Where the daemon maps its endpoints, before <see cref="StartAsync"/>.</summary>
    public IEndpointRouteBuilder Routes => _app;

    /// <summary>
    /// Builds the HTTP application; <paramref name="map"/>, when given, adds endpoints at once.
    /// <paramref name="log"/> receives ASP.NET Core's own warnings and errors (null drops them).
    /// </summary>
    public static WirePortHttp Create(string name, Action<IEndpointRouteBuilder>? map = null, Action<string>? log = null)
    {
        var endPoint = new WirePortEndPoint(name);
        var listener = new WirePortListener(endPoint);
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = name });
        builder.Logging.ClearProviders();
        if (log is not null)
            builder.Logging.AddProvider(new ActionLoggerProvider(log)).SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
            options.Listen(endPoint);
        });
        builder.Services.AddSingleton<IConnectionListenerFactory>(listener);
        builder.Services.AddRoutingCore();
        WebApplication app = builder.Build();
        app.UseRouting();
        map?.Invoke(app);
        return new WirePortHttp(app, listener);
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        _started = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

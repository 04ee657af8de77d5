using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FastMesos.Marathon.Http;

/// <summary>
/// Marathon's HTTP server on its own port (<c>--http_port</c>, 8080): Kestrel, HTTP/1.1, with the
/// filters every Marathon response goes through — Basic authentication when
/// <c>--http_credentials</c> is set (every path but <c>/ping</c>), and the no-cache, frame and XSS
/// headers of Marathon's filters. Endpoints are mapped on <see cref="Routes"/> before
/// <see cref="StartAsync"/>.
/// </summary>
public sealed class MarathonHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _started;

    private MarathonHttpServer(WebApplication app) => _app = app;

    /// <summary>Where the endpoints are mapped.</summary>
    public IEndpointRouteBuilder Routes => _app;

    /// <summary>The bound address (the real port when 0 was asked), valid after <see cref="StartAsync"/>.</summary>
    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    /// <summary>
    /// A server on <paramref name="endPoint"/>; with <paramref name="metrics"/>, every request is
    /// measured first (<see cref="HttpMetricsFilter"/>), before authentication.
    /// </summary>
    public static MarathonHttpServer Create(IPEndPoint endPoint, BasicCredentials? credentials, Func<string?> leaderUrl, Action<string>? log,
        Metrics.MarathonMetrics? metrics = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "marathon" });
        builder.Logging.ClearProviders();
        if (log is not null)
            builder.Logging.AddProvider(new Hosting.Http.ActionLoggerProvider(log)).SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
            options.Listen(endPoint);
        });
        builder.Services.AddRoutingCore();
        WebApplication app = builder.Build();
        if (metrics is not null)
        {
            TimeProvider clock = time ?? TimeProvider.System;
            app.Use((ctx, next) => HttpMetricsFilter.InvokeAsync(ctx, next, metrics, clock));
        }
        app.Use((ctx, next) =>
        {
            IHeaderDictionary headers = ctx.Response.Headers;
            headers.CacheControl = "no-cache, no-store, must-revalidate";
            headers["X-Frame-Options"] = "DENY";
            headers["X-XSS-Protection"] = "1; mode=block";
            if (leaderUrl() is { Length: > 0 } leader)
                headers["X-Marathon-Leader"] = leader;
            if (credentials is not null && ctx.Request.Path != "/ping" && !credentials.Accepts(ctx.Request.Headers.Authorization))
            {
                headers.WWWAuthenticate = "Basic realm=\"Mesosphere Marathon\"";
                return ApiResults.Message(ctx, StatusCodes.Status401Unauthorized, "Invalid username or password.");
            }
            return next(ctx);
        });
        app.UseRouting();
        return new MarathonHttpServer(app);
    }

    /// <summary>
    /// Adds a filter that runs after authentication and routing, before the endpoint (the HA leader
    /// filter: a standby answers some paths itself and proxies the rest). Call before <see cref="StartAsync"/>.
    /// </summary>
    public void Use(Func<HttpContext, RequestDelegate, Task> filter) => _app.Use(filter);

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        _started = true;
        string address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(address);
        EndPoint = new IPEndPoint(IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port);
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

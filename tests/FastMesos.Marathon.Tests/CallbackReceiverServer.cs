using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FastMesos.Marathon.Tests;

/// <summary>
/// A callback receiver for the dispatcher tests: Kestrel on 127.0.0.1 port 0 that records every
/// POSTed body (with its content type) and answers with <see cref="Respond"/>'s status.
/// </summary>
internal sealed class CallbackReceiverServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private CallbackReceiverServer(WebApplication app) => _app = app;

    /// <summary>Bodies answered with a 2xx, in arrival order.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    public ConcurrentQueue<string?> ContentTypes { get; } = new();

    /// <summary>Requests seen, whatever the answer.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The status for the n-th request (1-based); may wait (to hold a delivery in flight).</summary>
    public Func<int, Task<int>> Respond { get; set; } = static _ => Task.FromResult(200);

    public Uri Url { get; private set; } = null!;

    public static async Task<CallbackReceiverServer> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        WebApplication app = builder.Build();
        var server = new CallbackReceiverServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address.TrimEnd('/') + "/callback");
        return server;
    }

    /// <summary>A URL where nothing listens (a port bound and released).</summary>
    public static Uri DownUrl()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return new Uri($"http://127.0.0.1:{((IPEndPoint)socket.LocalEndPoint!).Port}/down");
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        int n = Interlocked.Increment(ref _requests);
        string body = await new StreamReader(ctx.Request.Body).ReadToEndAsync();
        int status = await Respond(n);
        if (status is >= 200 and < 300)
        {
            ContentTypes.Enqueue(ctx.Request.ContentType);
            Received.Enqueue(body);
        }
        ctx.Response.StatusCode = status;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

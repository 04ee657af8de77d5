using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FastMesos.Hosting.Http;
using FastMesos.Transport.Connections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FastMesos.Hosting.Tests.Http;

/// <summary>HTTP and the wire protocol share one TCP port: the first bytes decide which one serves.</summary>
public sealed class WirePortHttpTests : IAsyncLifetime
{
    private WirePortHttp _http = null!;
    private IListener _listener = null!;
    private readonly CountingHandler _handler = new();

    public async Task InitializeAsync()
    {
        _http = WirePortHttp.Create("test", static routes =>
        {
            routes.MapGet("/hello", static () => "hi");
            routes.MapPost("/echo", static async (HttpContext ctx) =>
            {
                using var reader = new StreamReader(ctx.Request.Body);
                await ctx.Response.WriteAsync(await reader.ReadToEndAsync());
            });
        });
        var options = new ListenerOptions { LocalRole = PeerRole.Master, NonWireFallback = _http.Fallback };
        _listener = await TcpTransport.Instance.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), options, _handler);
        await _http.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _listener.StopAsync();
        await _http.DisposeAsync();
    }

    private Uri Base => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint).Port}/");

    [Fact]
    public async Task Http_requests_are_served_on_the_wire_port_with_keep_alive()
    {
        using var client = new HttpClient { BaseAddress = Base, Timeout = TimeSpan.FromSeconds(10) };
        for (int i = 0; i < 5; i++)
            Assert.Equal("hi", await client.GetStringAsync("hello"));
        using HttpResponseMessage echo = await client.PostAsync("echo", new StringContent(new string('x', 100_000)));
        Assert.Equal(100_000, (await echo.Content.ReadAsStringAsync()).Length);
        using HttpResponseMessage missing = await client.GetAsync("nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Wire_peers_and_http_clients_are_served_side_by_side()
    {
        using var client = new HttpClient { BaseAddress = Base, Timeout = TimeSpan.FromSeconds(10) };
        var dial = new DialOptions { LocalRole = PeerRole.Agent };
        await using FrameConnection wire = await TcpTransport.Instance.DialAsync(_listener.LocalEndPoint, dial, new CountingHandler());
        Assert.Equal("hi", await client.GetStringAsync("hello"));
        // The listener side learns of the connection on its own read loop; wait for it, bounded.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (_handler.Connected == 0 && clock.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(1);
        Assert.Equal(1, _handler.Connected);
    }

    [Fact]
    public async Task Garbage_that_is_not_http_closes_only_its_connection()
    {
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync((IPEndPoint)_listener.LocalEndPoint);
            await socket.SendAsync(Encoding.ASCII.GetBytes("\u0001\u0002garbage that is neither wire nor http\r\n\r\n"));
            var buffer = new byte[4096];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            // Kestrel answers 400 and closes; reading until end of stream proves the close.
            var received = new StringBuilder();
            int n;
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
                received.Append(Encoding.ASCII.GetString(buffer, 0, n));
            Assert.StartsWith("HTTP/1.1 400", received.ToString(), StringComparison.Ordinal);
        }

        using var client = new HttpClient { BaseAddress = Base, Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal("hi", await client.GetStringAsync("hello"));
    }

    private sealed class CountingHandler : IFrameHandler
    {
        private int _connected;

        public int Connected => Volatile.Read(ref _connected);

        public void OnFrame(FrameConnection connection, ushort messageType, in ReadOnlySequence<byte> payload)
        {
        }

        public void OnConnected(FrameConnection connection) => Interlocked.Increment(ref _connected);
    }
}

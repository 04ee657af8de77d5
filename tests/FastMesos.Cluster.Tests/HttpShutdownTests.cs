using System.Diagnostics;
using System.Net;
using FastMesos.Engine;
using FastMesos.Engine.Master;
using FastMesos.Master;

namespace FastMesos.Cluster.Tests;

/// <summary>A daemon stops promptly although an HTTP client (a browser, a metrics scraper) holds an idle keep-alive connection.</summary>
public sealed class HttpShutdownTests
{
    // Known bug, two causes: (1) MasterHost/AgentHost stop the wire listener before HTTP, and the
    // listener's stop waits for the HTTP connection, which Kestrel (not yet stopped) keeps until
    // WirePortHttp's 5 s stop timeout; stopping HTTP first fixes that half. (2) The connection is then
    // closed in order (FrameConnection.BeginOrderlyClose), which waits up to CloseTimeout (5 s) for the
    // peer's FIN, and an idle pooled HTTP client never sends one. So `fastmesos local` with a browser
    // or scraper on its HTTP port stops 5 s or more late. Unskip once fixed.
    [Fact(Skip = "known bug: an idle HTTP keep-alive connection holds a daemon's stop for 5 s")]
    public async Task An_idle_keep_alive_connection_does_not_delay_the_master_stop()
    {
        MasterHost master = await MasterHost.StartAsync(new MasterServerOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Core = new MasterOptions { MasterId = "m-http", Allocator = new AllocatorOptions() },
        });
        using var client = new HttpClient();   // keep-alive: the connection stays open after the response
        using (HttpResponseMessage response = await client.GetAsync(new Uri(master.Url, "health")))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var clock = Stopwatch.StartNew();
        await master.DisposeAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the master took {clock.Elapsed.TotalSeconds:0.0} s to stop");
    }
}

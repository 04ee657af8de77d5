using System.Diagnostics;
using System.Net;
using FastMesos.Engine;
using FastMesos.Engine.Master;
using FastMesos.Master;

namespace FastMesos.Cluster.Tests;

/// <summary>A daemon stops promptly although an HTTP client (a browser, a metrics scraper) holds an idle keep-alive connection.</summary>
public sealed class HttpShutdownTests
{
    // Known bug: WirePortHttp's Kestrel stop waits its whole 5 s timeout for an idle keep-alive
    // connection (swapping the wire listener and HTTP stop order in MasterHost does not help), so
    // `fastmesos local` with a browser on its UI stops 5 s per daemon late. Unskip once fixed.
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

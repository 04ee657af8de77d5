using System.Diagnostics;
using System.Net;
using FastMesos.Engine.Master;

namespace FastMesos.Master.Tests;

/// <summary>A master stops promptly although an HTTP client (a browser, a scraper) holds an idle keep-alive connection.</summary>
public sealed class MasterHostStopTests
{
    [Fact]
    public async Task An_idle_keep_alive_connection_does_not_delay_the_stop()
    {
        MasterHost master = await MasterHost.StartAsync(new MasterServerOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Core = new MasterOptions { MasterId = "stop" },
        });
        using var client = new HttpClient(); // keep-alive: the connection stays open after the response
        using (HttpResponseMessage response = await client.GetAsync(new Uri(master.Url, "health")))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var clock = Stopwatch.StartNew();
        await master.DisposeAsync();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"the master took {clock.Elapsed.TotalSeconds:0.0} s to stop");
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using FastMesos.Marathon.Cli;
using FastMesos.Marathon.Http;
using FastMesos.Marathon.Runtime;
using FastMesos.Marathon.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FastMesos.Marathon.Tests.Metrics;

/// <summary>
/// The HTTP side on a real Kestrel (no master needed: a runtime that is not started still answers
/// on its loop): the request filter's counters, <c>/metrics</c>, and <c>--disable_metrics_prometheus</c>.
/// </summary>
public sealed class MetricsHttpTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };

    [Fact]
    public async Task Requests_are_measured_and_prometheus_can_be_disabled()
    {
        var options = new MarathonOptions { WorkDir = "/nonexistent", Master = new IPEndPoint(IPAddress.Loopback, 1), MetricsNamePrefix = "m" };
        await using MarathonRuntime runtime = MarathonRuntime.Create(options, new InMemoryMarathonStore());
        await using MarathonHttpServer server = MarathonHttpServer.Create(new IPEndPoint(IPAddress.Loopback, 0), null, () => null, null,
            runtime.Metrics, TimeProvider.System);
        MetricsEndpoints.Map(server.Routes, runtime, prometheus: false, null);
        server.Routes.MapPost("/echo", static async ctx =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            string body = await reader.ReadToEndAsync();
            ctx.Response.StatusCode = 202;
            await ctx.Response.WriteAsync(body);
        });
        server.Routes.MapGet("/events", static async ctx =>
        {
            ctx.Response.ContentType = "text/event-stream";
            await ctx.Response.WriteAsync("event: x\ndata: {}\n\n");
        });
        await server.StartAsync();
        var baseUrl = new Uri($"http://127.0.0.1:{server.EndPoint.Port}/");

        using (var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("hello"))))
        {
            chunked.Headers.ContentLength = null; // sent chunked: counted as it is read
            HttpResponseMessage echo = await Http.PostAsync(new Uri(baseUrl, "echo"), chunked);
            Assert.Equal(HttpStatusCode.Accepted, echo.StatusCode);
            Assert.Equal("hello", await echo.Content.ReadAsStringAsync());
        }
        using (var sized = new StringContent("12345678"))
            Assert.Equal(HttpStatusCode.Accepted, (await Http.PostAsync(new Uri(baseUrl, "echo"), sized)).StatusCode);
        Assert.Equal("event: x\ndata: {}\n\n", await Http.GetStringAsync(new Uri(baseUrl, "events")));
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(new Uri(baseUrl, "metrics/prometheus"))).StatusCode);

        JsonElement metrics = JsonDocument.Parse(await Http.GetStringAsync(new Uri(baseUrl, "metrics"))).RootElement;
        JsonElement counters = metrics.GetProperty("counters");
        Assert.Equal(5 + 8, counters.GetProperty("m.http.requests.size.counter.bytes").GetProperty("count").GetInt64());
        Assert.Equal(5 + 8 + 19, counters.GetProperty("m.http.responses.size.counter.bytes").GetProperty("count").GetInt64());
        Assert.Equal(19, counters.GetProperty("m.http.responses.event-stream.size.counter.bytes").GetProperty("count").GetInt64());
        JsonElement meters = metrics.GetProperty("meters");
        Assert.Equal(3, meters.GetProperty("m.http.responses.2xx.rate.meter").GetProperty("count").GetInt64());
        Assert.Equal(1, meters.GetProperty("m.http.responses.4xx.rate.meter").GetProperty("count").GetInt64());
        JsonElement timers = metrics.GetProperty("timers");
        Assert.Equal(2, timers.GetProperty("m.http.requests.post.duration.timer.seconds").GetProperty("count").GetInt64());
        Assert.Equal(2, timers.GetProperty("m.http.requests.get.duration.timer.seconds").GetProperty("count").GetInt64()); // /metrics itself is still running
        Assert.Equal(1, metrics.GetProperty("gauges").GetProperty("m.http.requests.active.gauge").GetProperty("value").GetDouble());
        Assert.Equal(0, metrics.GetProperty("gauges").GetProperty("m.apps.active.gauge").GetProperty("value").GetDouble());
        Assert.Equal(1, metrics.GetProperty("gauges").GetProperty("m.groups.active.gauge").GetProperty("value").GetDouble());
    }
}

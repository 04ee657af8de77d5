using System.Net;
using System.Text.Json;
using FastMesos.Cluster.Tests.Support;
using FastMesos.Marathon;
using FastMesos.Marathon.Cli;
using FastMesos.Marathon.Tests;
using static FastMesos.Cluster.Tests.Support.MarathonApi;

namespace FastMesos.Cluster.Tests;

/// <summary>
/// <c>/v2/eventSubscriptions</c> and HTTP callback delivery against a real cluster
/// (specs/marathon.md §1.1, §7): a deployment's events reach a live callback in order while another
/// callback is down, subscriptions survive a restart on the same work_dir, DELETE removes one, and
/// without <c>--event_subscriber http_callback</c> the API answers Marathon's 400.
/// </summary>
public sealed class MarathonEventSubscriptionsTests
{
    private static readonly Func<MarathonOptions, MarathonOptions> WithCallbacks = static o => o with { HttpCallbacks = true };

    private static List<(string Type, JsonElement Body)> Events(CallbackReceiverServer receiver)
    {
        var events = new List<(string, JsonElement)>();
        foreach (string body in receiver.Received)
        {
            JsonElement json = JsonDocument.Parse(body).RootElement.Clone();
            events.Add((json.GetProperty("eventType").GetString()!, json));
        }
        return events;
    }

    private static async Task<List<string>> CallbackUrlsAsync(MarathonHost marathon)
    {
        var (status, body, _) = await SendAsync(marathon, HttpMethod.Get, "v2/eventSubscriptions");
        Assert.Equal(HttpStatusCode.OK, status);
        var urls = new List<string>();
        foreach (JsonElement url in body.GetProperty("callbackUrls").EnumerateArray())
            urls.Add(url.GetString()!);
        return urls;
    }

    [Fact]
    public async Task A_live_callback_gets_a_deployments_events_in_order_while_another_is_down_and_subscriptions_survive_a_restart()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync("cpus:2;mem:1024;disk:100;ports:[31000-31100]");
        await using CallbackReceiverServer live = await CallbackReceiverServer.StartAsync();
        string down = CallbackReceiverServer.DownUrl().ToString();
        string workDir = cluster.NewDirectory("marathon");
        MarathonHost marathon = await StartMarathonAsync(cluster, workDir, configure: WithCallbacks);
        try
        {
            var (status, body, _) = await SendAsync(marathon, HttpMethod.Post, "v2/eventSubscriptions?callbackUrl=" + Uri.EscapeDataString(down));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("subscribe_event", body.GetProperty("eventType").GetString());
            Assert.Equal(down, body.GetProperty("callbackUrl").GetString());
            Assert.Equal("127.0.0.1", body.GetProperty("clientIp").GetString());
            Assert.True(body.TryGetProperty("timestamp", out _));
            (status, _, _) = await SendAsync(marathon, HttpMethod.Post, "v2/eventSubscriptions?callbackUrl=" + Uri.EscapeDataString(live.Url.ToString()));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal([down, live.Url.ToString()], await CallbackUrlsAsync(marathon));
            JsonElement marathonInfo = (await SendAsync(marathon, HttpMethod.Get, "v2/info")).Body;
            Assert.Equal("http_callback", marathonInfo.GetProperty("event_subscriber").GetProperty("type").GetString());

            (status, body, _) = await SendAsync(marathon, HttpMethod.Post, "v2/eventSubscriptions");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Equal("/callbackUrl", body.GetProperty("details")[0].GetProperty("path").GetString());

            (status, _, _) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/called","cmd":"sleep 600","cpus":0.1,"mem":16}""");
            Assert.Equal(HttpStatusCode.Created, status);
            await Eventually.Until(() => Events(live).Exists(e => e.Type == "deployment_success"), "the live callback to get deployment_success",
                TimeSpan.FromSeconds(60));
            List<(string Type, JsonElement Body)> events = Events(live);
            int Index(Predicate<(string Type, JsonElement Body)> match) => events.FindIndex(match);
            int subscribed = Index(e => e.Type == "subscribe_event" && e.Body.GetProperty("callbackUrl").GetString() == live.Url.ToString());
            int posted = Index(e => e.Type == "api_post_event" && e.Body.GetProperty("appDefinition").GetProperty("id").GetString() == "/called");
            int info = Index(e => e.Type == "deployment_info");
            int running = Index(e => e.Type == "status_update_event" && e.Body.GetProperty("taskStatus").GetString() == "TASK_RUNNING"
                && e.Body.GetProperty("appId").GetString() == "/called");
            int success = Index(e => e.Type == "deployment_success");
            // api_post_event (posted by the HTTP handler) and deployment_info (the loop starting the plan) race,
            // as in Marathon (§7: ordering is not guaranteed); both precede the task running and the success.
            Assert.True(subscribed >= 0 && subscribed < Math.Min(info, posted) && Math.Max(info, posted) < running && running < success,
                $"order: subscribe {subscribed}, api_post {posted}, deployment_info {info}, TASK_RUNNING {running}, deployment_success {success}");
            Assert.All(live.ContentTypes, t => Assert.Equal("application/json", t));

            // Same work_dir: the subscriptions come back, and events flow to the live callback again.
            await marathon.DisposeAsync();
            int before = live.Received.Count;
            marathon = await StartMarathonAsync(cluster, workDir, configure: WithCallbacks);
            Assert.Equal([down, live.Url.ToString()], await CallbackUrlsAsync(marathon));
            (status, _, _) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/after","cmd":"sleep 600","cpus":0.1,"mem":16}""");
            Assert.Equal(HttpStatusCode.Created, status);
            await Eventually.Until(() => Events(live).Skip(before).Any(e => e.Type == "api_post_event"), "events after the restart",
                TimeSpan.FromSeconds(30));

            (status, body, _) = await SendAsync(marathon, HttpMethod.Delete, "v2/eventSubscriptions?callbackUrl=" + Uri.EscapeDataString(live.Url.ToString()));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("unsubscribe_event", body.GetProperty("eventType").GetString());
            Assert.Equal([down], await CallbackUrlsAsync(marathon));
        }
        finally
        {
            await marathon.DisposeAsync();
        }

        // Off unless --event_subscriber http_callback: Marathon's 400.
        await using MarathonHost plain = await StartMarathonAsync(cluster, cluster.NewDirectory("plain"));
        var (off, offBody, _) = await SendAsync(plain, HttpMethod.Get, "v2/eventSubscriptions");
        Assert.Equal(HttpStatusCode.BadRequest, off);
        Assert.Contains("--event_subscriber http_callback", offBody.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, (await SendAsync(plain, HttpMethod.Get, "v2/info")).Body.GetProperty("event_subscriber").ValueKind);
    }
}

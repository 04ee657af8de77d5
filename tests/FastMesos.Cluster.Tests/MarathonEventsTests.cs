using System.Net;
using System.Net.Http.Headers;
using FastMesos.Cluster.Tests.Support;
using FastMesos.Marathon;
using static FastMesos.Cluster.Tests.Support.MarathonApi;

namespace FastMesos.Cluster.Tests;

/// <summary>
/// <c>/v2/events</c> against a real cluster (specs/marathon.md §7, §14 #30): the attach event, the
/// events of an app's deployment and tasks, event_type filters, and the SSE framing.
/// </summary>
public sealed class MarathonEventsTests
{
    internal static async Task<(HttpResponseMessage Response, StreamReader Reader)> OpenStreamAsync(MarathonHost marathon, string query = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(marathon.Url, "v2/events" + query));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        HttpResponseMessage response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return (response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>Reads SSE messages until <paramref name="type"/> arrives; returns every (type, data) seen.</summary>
    internal static async Task<List<(string Type, string Data)>> ReadUntilAsync(StreamReader reader, string type, TimeSpan timeout)
    {
        var seen = new List<(string, string)>();
        using var cts = new CancellationTokenSource(timeout);
        string? eventType = null;
        while (true)
        {
            string? line = await reader.ReadLineAsync(cts.Token);
            Assert.NotNull(line);
            if (line.StartsWith("event: ", StringComparison.Ordinal))
                eventType = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                Assert.NotNull(eventType);
                string data = line["data: ".Length..];
                Assert.Contains($"\"eventType\":\"{eventType}\"", data, StringComparison.Ordinal);
                Assert.Contains("\"timestamp\":\"", data, StringComparison.Ordinal);
                seen.Add((eventType, data));
                if (eventType == type)
                    return seen;
            }
        }
    }

    [Fact]
    public async Task A_deployment_streams_its_events_and_filters_pass_only_the_asked_types()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync("cpus:2;mem:1024;disk:100;ports:[31000-31100]");
        await using MarathonHost marathon = await StartMarathonAsync(cluster, cluster.NewDirectory("marathon"));

        (HttpResponseMessage all, StreamReader allReader) = await OpenStreamAsync(marathon);
        (HttpResponseMessage only, StreamReader onlyReader) = await OpenStreamAsync(marathon, "?event_type=deployment_success&plan-format=light");
        using (all)
        using (only)
        {
            Assert.Equal("text/event-stream", all.Content.Headers.ContentType?.MediaType);
            await ReadUntilAsync(allReader, "event_stream_attached", TimeSpan.FromSeconds(20));

            var (status, _, response) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/evented","cmd":"sleep 600","cpus":0.1,"mem":16}""");
            response.Dispose();
            Assert.Equal(HttpStatusCode.Created, status);

            List<(string Type, string Data)> events = await ReadUntilAsync(allReader, "deployment_success", TimeSpan.FromSeconds(60));
            var types = events.ConvertAll(e => e.Type);
            foreach (string expected in new[] { "api_post_event", "deployment_info", "status_update_event", "instance_changed_event", "deployment_step_success" })
                Assert.Contains(expected, types);
            Assert.True(types.IndexOf("api_post_event") < types.IndexOf("deployment_success"));
            Assert.Contains(events, e => e.Type == "status_update_event" && e.Data.Contains("\"taskStatus\":\"TASK_RUNNING\"", StringComparison.Ordinal)
                && e.Data.Contains("\"appId\":\"/evented\"", StringComparison.Ordinal));
            Assert.Contains(events, e => e.Type == "api_post_event" && e.Data.Contains("\"appDefinition\":{\"id\":\"/evented\"", StringComparison.Ordinal));

            // The filtered stream saw nothing but deployment_success (not even its own attach event).
            List<(string Type, string Data)> filtered = await ReadUntilAsync(onlyReader, "deployment_success", TimeSpan.FromSeconds(20));
            Assert.All(filtered, e => Assert.Equal("deployment_success", e.Type));
        }

        // Without Accept: text/event-stream the stream is refused, as in Marathon's RAML.
        var (refused, _, refusedResponse) = await SendAsync(marathon, HttpMethod.Get, "v2/events");
        refusedResponse.Dispose();
        Assert.Equal(HttpStatusCode.MethodNotAllowed, refused);
    }
}

using System.Net;
using System.Text.Json;
using FastMesos.Cluster.Tests.Support;
using FastMesos.Marathon;
using static FastMesos.Cluster.Tests.Support.MarathonApi;

namespace FastMesos.Cluster.Tests;

/// <summary>
/// Mesos-level health checks (MESOS_HTTP, COMMAND): Marathon passes them to the agent in the
/// TaskInfo, the agent probes real task processes, and the <c>healthy</c> of its status updates
/// feeds Marathon's counts, task JSON, events and deployments; a failing check is killed by the
/// agent at <c>maxConsecutiveFailures</c> and Marathon relaunches the instance (specs/marathon.md §4).
/// </summary>
public sealed class MarathonMesosHealthTests
{
    [Fact]
    public async Task Agent_checks_make_tasks_healthy_and_a_failing_command_check_gets_the_task_killed_and_replaced()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync("cpus:2;mem:1024;disk:100;ports:[31000-31100]");
        await using MarathonHost marathon = await StartMarathonAsync(cluster, cluster.NewDirectory("marathon"));
        (HttpResponseMessage eventsResponse, StreamReader events) = await MarathonEventsTests.OpenStreamAsync(marathon,
            "?event_type=unhealthy_instance_kill_event&event_type=instance_health_changed_event&event_type=event_stream_attached");
        using HttpResponseMessage streamResponse = eventsResponse;
        using StreamReader reader = events;
        await MarathonEventsTests.ReadUntilAsync(reader, "event_stream_attached", TimeSpan.FromSeconds(20));

        var (status, _, response) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", """
            {"id":"/mesos-web","cmd":"python3 -m http.server $PORT0 --bind 127.0.0.1","cpus":0.1,"mem":64,"instances":2,
             "healthChecks":[{"protocol":"MESOS_HTTP","path":"/","gracePeriodSeconds":30,"intervalSeconds":1,"timeoutSeconds":1,
                              "maxConsecutiveFailures":3,"delaySeconds":0}]}
            """);
        response.Dispose();
        Assert.Equal(HttpStatusCode.Created, status);
        // The deployment finishes only once both new tasks are reported healthy by the agent.
        await WaitForDeploymentsAsync(marathon);
        JsonElement app = await AppAsync(marathon, "/mesos-web");
        Assert.Equal(2, app.GetProperty("tasksHealthy").GetInt32());
        Assert.Equal(0, app.GetProperty("tasksUnhealthy").GetInt32());
        JsonElement result = app.GetProperty("tasks")[0].GetProperty("healthCheckResults")[0];
        Assert.True(result.GetProperty("alive").GetBoolean());
        Assert.Equal(0, result.GetProperty("consecutiveFailures").GetInt32());
        Assert.True(result.TryGetProperty("lastSuccess", out _));

        (status, _, response) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", """
            {"id":"/mesos-broken","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":1,"backoffSeconds":0,
             "healthChecks":[{"protocol":"COMMAND","command":{"value":"echo sick >&2; exit 1"},"gracePeriodSeconds":0,
                              "intervalSeconds":1,"timeoutSeconds":1,"maxConsecutiveFailures":1,"delaySeconds":0}]}
            """);
        response.Dispose();
        Assert.Equal(HttpStatusCode.Created, status);
        // Mesos kills at maxConsecutiveFailures (here the first failure); Marathon hears TASK_KILLED
        // with healthy false, says so, and runs the instance's next incarnation.
        List<(string Type, string Data)> seen = await MarathonEventsTests.ReadUntilAsync(reader, "unhealthy_instance_kill_event", TimeSpan.FromSeconds(60));
        string kill = seen[^1].Data;
        Assert.Contains("\"appId\":\"/mesos-broken\"", kill, StringComparison.Ordinal);
        Assert.Contains("consecutive failed health checks", kill, StringComparison.Ordinal);
        Assert.Contains(seen, e => e.Type == "instance_health_changed_event" && e.Data.Contains("\"runSpecId\":\"/mesos-broken\"", StringComparison.Ordinal)
            && e.Data.Contains("\"healthy\":false", StringComparison.Ordinal));
        await WaitForIncarnationAsync(marathon, "/mesos-broken", 2, "the unhealthy task to be replaced by the instance's next incarnation");
        Assert.Equal(0, (await AppAsync(marathon, "/mesos-broken")).GetProperty("tasksHealthy").GetInt32());
        // The healthy app is untouched.
        Assert.Equal(2, (await AppAsync(marathon, "/mesos-web")).GetProperty("tasksHealthy").GetInt32());
    }
}

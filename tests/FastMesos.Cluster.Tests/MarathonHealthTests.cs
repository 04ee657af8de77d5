using System.Net;
using System.Text.Json;
using FastMesos.Cluster.Tests.Support;
using FastMesos.Marathon;
using static FastMesos.Cluster.Tests.Support.MarathonApi;

namespace FastMesos.Cluster.Tests;

/// <summary>
/// Marathon-level health checks probed by Marathon against real task processes (a Python HTTP
/// server in the task's port): healthy results feed the counts, the task JSON and deployments;
/// failing ones kill and relaunch the task (specs/marathon.md §4, §14 #28's rule).
/// </summary>
public sealed class MarathonHealthTests
{
    [Fact]
    public async Task A_passing_check_makes_tasks_healthy_and_a_failing_one_kills_and_relaunches_them()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync("cpus:2;mem:1024;disk:100;ports:[31000-31100]");
        await using MarathonHost marathon = await StartMarathonAsync(cluster, cluster.NewDirectory("marathon"));

        // A web server that answers / with 200 and /missing with 404.
        const string Server = "python3 -m http.server $PORT0 --bind 127.0.0.1";
        var (status, _, response) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", $$"""
            {"id":"/web","cmd":"{{Server}}","cpus":0.1,"mem":32,"instances":1,
             "healthChecks":[{"protocol":"HTTP","path":"/","gracePeriodSeconds":30,"intervalSeconds":1,"timeoutSeconds":1,"maxConsecutiveFailures":3}]}
            """);
        response.Dispose();
        Assert.Equal(HttpStatusCode.Created, status);
        // The deployment finishes only once the new task is healthy, not merely running.
        await WaitForDeploymentsAsync(marathon);
        JsonElement app = await AppAsync(marathon, "/web");
        Assert.Equal(1, app.GetProperty("tasksHealthy").GetInt32());
        JsonElement result = app.GetProperty("tasks")[0].GetProperty("healthCheckResults")[0];
        Assert.True(result.GetProperty("alive").GetBoolean());
        Assert.Equal(0, result.GetProperty("consecutiveFailures").GetInt32());

        (status, _, response) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", $$"""
            {"id":"/broken","cmd":"{{Server}}","cpus":0.1,"mem":32,"instances":1,"backoffSeconds":0,
             "healthChecks":[{"protocol":"HTTP","path":"/missing","gracePeriodSeconds":0,"intervalSeconds":1,"timeoutSeconds":1,"maxConsecutiveFailures":1}]}
            """);
        response.Dispose();
        Assert.Equal(HttpStatusCode.Created, status);
        // With max 1 the second consecutive 404 kills the task; the instance runs its next incarnation.
        await WaitForIncarnationAsync(marathon, "/broken", 2, "the unhealthy task to be killed and relaunched");
        JsonElement broken = await AppAsync(marathon, "/broken");
        Assert.Equal(0, broken.GetProperty("tasksHealthy").GetInt32());
        // Its deployment never finishes: a never-healthy app keeps it running (Marathon's behaviour).
        JsonElement deployments = (await SendAsync(marathon, HttpMethod.Get, "v2/deployments")).Body;
        Assert.Equal(1, deployments.GetArrayLength());
        Assert.Equal("/broken", deployments[0].GetProperty("affectedApps")[0].GetString());
    }
}

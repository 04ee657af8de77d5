using System.Net;
using System.Text.Json;
using FastMesos.Cluster.Tests.Support;
using FastMesos.Marathon;
using static FastMesos.Cluster.Tests.Support.MarathonApi;

namespace FastMesos.Cluster.Tests;

/// <summary>
/// Readiness checks probed by Marathon during deployments against a real task process (a Python
/// server that answers 503 until a file the test controls exists): a new instance counts toward
/// its deployment, and lets a rolling restart kill an old one, only once ready
/// (specs/marathon.md §5.2, §5.4, §5.5).
/// </summary>
public sealed class MarathonReadinessTests
{
    // The agents offer a port range no other cluster test uses: tests of other runs on this machine
    // start HTTP servers on 31000+, and a port taken there would fail these tasks.
    // Below 32768, where Linux hands out no ephemeral ports (ip_local_port_range 32768-60999). With
    // 34500-34599 a task's server can find its port taken by the local end of some outgoing
    // connection, fail to bind and be relaunched with backoff; a deployment's 60 s wait in this class
    // once ran out in CI, and that is the one cause found.
    private const string AgentResources = "cpus:2;mem:1024;disk:100;ports:[31500-31599]";

    // GET answers 200 "ready" once the file named by argv[2] exists, else 503 "warming up <n>" (n counts the requests).
    private const string Server = """
        import http.server, os, sys
        port, flag, count = int(sys.argv[1]), sys.argv[2], [0]
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                count[0] += 1
                ready = os.path.exists(flag)
                body = b"ready" if ready else b"warming up %d" % count[0]
                self.send_response(200 if ready else 503)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
        """;

    private static string App(string id, string script, string flag, int instances, string extra = "") => $$"""
        {"id":"{{id}}","cmd":"python3 {{script}} $PORT0 {{flag}}","cpus":0.1,"mem":32,"instances":{{instances}},
         "portDefinitions":[{"port":0,"name":"http-api"}],{{extra}}
         "readinessChecks":[{"name":"warm","protocol":"HTTP","path":"/ready","portName":"http-api","intervalSeconds":2,
                             "timeoutSeconds":1,"httpStatusCodesForReady":[200],"preserveLastResponse":true}]}
        """;

    [Fact]
    public async Task A_deployment_waits_until_the_new_task_answers_ready()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync(AgentResources);
        await using MarathonHost marathon = await StartMarathonAsync(cluster, cluster.NewDirectory("marathon"));
        string dir = cluster.NewDirectory("readiness");
        string script = Path.Combine(dir, "server.py");
        string flag = Path.Combine(dir, "ready");
        await File.WriteAllTextAsync(script, Server);

        var (status, _, response) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", App("/warm", script, flag, 1));
        response.Dispose();
        Assert.Equal(HttpStatusCode.Created, status);

        // Running but answering 503: the deployment stays, showing the preserved response.
        JsonElement result = await ReadinessResultAsync(marathon, "/warm");
        Assert.False(result.GetProperty("ready").GetBoolean());
        Assert.Equal("warm", result.GetProperty("name").GetString());
        Assert.Equal(503, result.GetProperty("lastResponse").GetProperty("status").GetInt32());
        Assert.StartsWith("warming up", result.GetProperty("lastResponse").GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("text/plain", result.GetProperty("lastResponse").GetProperty("contentType").GetString(), StringComparison.Ordinal);
        JsonElement app = await AppAsync(marathon, "/warm");
        Assert.Equal(result.GetProperty("taskId").GetString(), Assert.Single(TaskIds(app)));
        // embed=apps.readiness shows the same result.
        JsonElement apps = (await SendAsync(marathon, HttpMethod.Get, "v2/apps?embed=apps.readiness")).Body.GetProperty("apps");
        JsonElement embedded = Assert.Single(apps.EnumerateArray()).GetProperty("readinessCheckResults");
        Assert.Equal(result.GetProperty("taskId").GetString(), Assert.Single(embedded.EnumerateArray()).GetProperty("taskId").GetString());
        Assert.Single((await SendAsync(marathon, HttpMethod.Get, "v2/deployments")).Body.EnumerateArray());

        // Ready: the deployment finishes.
        await File.WriteAllTextAsync(flag, "");
        await WaitForDeploymentsAsync(marathon);
        Assert.Single(TaskIds(await AppAsync(marathon, "/warm")));
    }

    [Fact]
    public async Task A_rolling_restart_keeps_the_old_tasks_until_the_new_one_is_ready()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync(AgentResources);
        await using MarathonHost marathon = await StartMarathonAsync(cluster, cluster.NewDirectory("marathon"));
        (string script, string newFlag, List<string> old) = await DeployReadyPairAsync(cluster, marathon, "/rolling");

        // The new version answers 503 until its own flag exists. N=2, (1, 0.5): min healthy 2,
        // max capacity 3 → one new task, and no old one killed while it is not ready.
        var (status, _, response) = await SendAsync(marathon, HttpMethod.Put, "v2/apps/rolling", App("/rolling", script, newFlag, 2, Strategy));
        response.Dispose();
        Assert.Equal(HttpStatusCode.OK, status);
        JsonElement result = await ReadinessResultAsync(marathon, "/rolling");
        Assert.False(result.GetProperty("ready").GetBoolean());
        string fresh = result.GetProperty("taskId").GetString()!;
        Assert.DoesNotContain(fresh, old);
        Assert.Equal(1, marathon.Runtime.AppsRestarting);
        // Three not-ready answers (probes 2 s apart: timeoutSeconds must be below intervalSeconds) later, the old tasks still run beside the new one.
        await Eventually.Until(async () => Requests(await ReadinessResultAsync(marathon, "/rolling")) >= 3,
            "the new task to answer 503 three times", TimeSpan.FromSeconds(30));
        List<string> running = TaskIds(await AppAsync(marathon, "/rolling"));
        Assert.Equal(3, running.Count);
        Assert.Contains(old[0], running);
        Assert.Contains(old[1], running);

        // Ready: the restart kills the old tasks one by one as new ones become ready, and finishes.
        await File.WriteAllTextAsync(newFlag, "");
        await WaitForDeploymentsAsync(marathon);
        await Eventually.Until(async () => TaskIds(await AppAsync(marathon, "/rolling")).Count == 2, "the old tasks to be gone", TimeSpan.FromSeconds(30));
        List<string> final = TaskIds(await AppAsync(marathon, "/rolling"));
        Assert.DoesNotContain(old[0], final);
        Assert.DoesNotContain(old[1], final);
        Assert.Contains(fresh, final);
        Assert.Equal(0, marathon.Runtime.AppsRestarting);
    }

    [Fact]
    public async Task A_rolling_restart_cancelled_with_force_leaves_its_instances_and_no_restart_behind()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync(AgentResources);
        await using MarathonHost marathon = await StartMarathonAsync(cluster, cluster.NewDirectory("marathon"));
        (string script, string newFlag, List<string> old) = await DeployReadyPairAsync(cluster, marathon, "/cancelled");
        var (status, _, response) = await SendAsync(marathon, HttpMethod.Put, "v2/apps/cancelled", App("/cancelled", script, newFlag, 2, Strategy));
        response.Dispose();
        Assert.Equal(HttpStatusCode.OK, status);
        string fresh = (await ReadinessResultAsync(marathon, "/cancelled")).GetProperty("taskId").GetString()!;
        Assert.Equal(1, marathon.Runtime.AppsRestarting);

        JsonElement deployment = Assert.Single((await SendAsync(marathon, HttpMethod.Get, "v2/deployments")).Body.EnumerateArray());
        (status, _, response) = await SendAsync(marathon, HttpMethod.Delete, "v2/deployments/" + deployment.GetProperty("id").GetString() + "?force=true");
        response.Dispose();
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(0, marathon.Runtime.AppsRestarting);
        Assert.Empty((await SendAsync(marathon, HttpMethod.Get, "v2/deployments")).Body.EnumerateArray());

        // A forced cancel leaves the instances as they are: both old tasks and the new one.
        List<string> running = TaskIds(await AppAsync(marathon, "/cancelled"));
        Assert.Contains(old[0], running);
        Assert.Contains(old[1], running);
        Assert.Contains(fresh, running);
        Assert.Equal(0, marathon.Runtime.AppsRestarting);
    }

    [Fact]
    public async Task A_restarted_marathon_probes_the_resumed_restarts_new_task_again()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync(AgentResources);
        string workDir = cluster.NewDirectory("marathon");
        MarathonHost marathon = await StartMarathonAsync(cluster, workDir);
        try
        {
            (string script, string newFlag, List<string> old) = await DeployReadyPairAsync(cluster, marathon, "/resumed");
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(marathon, HttpMethod.Put, "v2/apps/resumed", App("/resumed", script, newFlag, 2, Strategy))).Status);
            string fresh = (await ReadinessResultAsync(marathon, "/resumed")).GetProperty("taskId").GetString()!;

            // Readiness results are not stored: the next Marathon resumes the restart and probes the
            // new task again instead of counting it as ready. (The resumed restart's arithmetic counts
            // the new task as surplus over N and kills one old task up front — RestartStrategy's rule,
            // not readiness'; the other old task stays until the new one is ready.)
            await marathon.DisposeAsync();
            marathon = await StartMarathonAsync(cluster, workDir);
            // The resumed restart may launch a second new task beside it (over-capacity allows 3),
            // whose result can come first: look for this task's.
            JsonElement result = await ReadinessResultAsync(marathon, "/resumed", fresh);
            Assert.False(result.GetProperty("ready").GetBoolean());
            int seen = Requests(result);
            await Eventually.Until(async () => Requests(await ReadinessResultAsync(marathon, "/resumed", fresh)) > seen,
                "the new task to answer 503 again", TimeSpan.FromSeconds(30));
            List<string> running = TaskIds(await AppAsync(marathon, "/resumed"));
            Assert.Contains(fresh, running);
            Assert.True(running.Contains(old[0]) || running.Contains(old[1]), "an old task keeps running while the new one is not ready");
            Assert.Single((await SendAsync(marathon, HttpMethod.Get, "v2/deployments")).Body.EnumerateArray());

            await File.WriteAllTextAsync(newFlag, "");
            await WaitForDeploymentsAsync(marathon);
            await Eventually.Until(async () => TaskIds(await AppAsync(marathon, "/resumed")).Count == 2, "the old tasks to be gone", TimeSpan.FromSeconds(30));
            Assert.Contains(fresh, TaskIds(await AppAsync(marathon, "/resumed")));
        }
        finally
        {
            await marathon.DisposeAsync();
        }
    }

    private const string Strategy = "\"upgradeStrategy\":{\"minimumHealthCapacity\":1,\"maximumOverCapacity\":0.5},";

    /// <summary>
    /// Deploys a 2-instance app with upgradeStrategy (1, 0.5) whose version-1 flag exists (so it
    /// becomes ready at once); returns the server script, the not-yet-existing version-2 flag and the old tasks.
    /// </summary>
    private static async Task<(string Script, string NewFlag, List<string> Old)> DeployReadyPairAsync(ClusterHarness cluster, MarathonHost marathon, string id)
    {
        string dir = cluster.NewDirectory("readiness");
        string script = Path.Combine(dir, "server.py");
        string oldFlag = Path.Combine(dir, "ready-v1");
        await File.WriteAllTextAsync(script, Server);
        await File.WriteAllTextAsync(oldFlag, "");
        var (status, _, response) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", App(id, script, oldFlag, 2, Strategy));
        response.Dispose();
        Assert.Equal(HttpStatusCode.Created, status);
        await WaitForDeploymentsAsync(marathon);
        List<string> old = TaskIds(await AppAsync(marathon, id));
        Assert.Equal(2, old.Count);
        return (script, Path.Combine(dir, "ready-v2"), old);
    }

    /// <summary>The request count in a preserved "warming up &lt;n&gt;" answer.</summary>
    private static int Requests(JsonElement result) =>
        int.Parse(result.GetProperty("lastResponse").GetProperty("body").GetString()!.AsSpan("warming up ".Length), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Waits for the first readiness result of <paramref name="appId"/>'s running deployment and returns it.</summary>
    /// <summary>The first readiness result of <paramref name="appId"/>'s running deployment, or the one of task <paramref name="taskId"/> when given.</summary>
    private static async Task<JsonElement> ReadinessResultAsync(MarathonHost marathon, string appId, string? taskId = null)
    {
        JsonElement found = default;
        await Eventually.Until(async () =>
        {
            foreach (JsonElement deployment in (await SendAsync(marathon, HttpMethod.Get, "v2/deployments")).Body.EnumerateArray())
            {
                foreach (JsonElement action in deployment.GetProperty("currentActions").EnumerateArray())
                {
                    if (action.GetProperty("app").GetString() != appId)
                        continue;
                    foreach (JsonElement result in action.GetProperty("readinessCheckResults").EnumerateArray())
                    {
                        if (taskId is null || result.GetProperty("taskId").GetString() == taskId)
                        {
                            found = result.Clone();
                            return true;
                        }
                    }
                }
            }
            return false;
        }, taskId is null ? $"a readiness result of {appId}" : $"a readiness result of {taskId}", TimeSpan.FromSeconds(60));
        return found;
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FastMesos.Cluster.Tests.Support;
using FastMesos.Marathon;
using FastMesos.Marathon.Cli;

namespace FastMesos.Cluster.Tests;

/// <summary>
/// Marathon (issue 6) against a real master and agents running real processes: the REST API as
/// users script it (specs/marathon.md §14), deployments that scale and roll, and a restarted
/// Marathon that finds its tasks again.
/// </summary>
public sealed class MarathonAppsTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };

    private static Task<MarathonHost> StartMarathonAsync(ClusterHarness cluster, string workDir, string? credentials = null) =>
        MarathonHost.StartAsync(new MarathonOptions
        {
            Master = cluster.Master.EndPoint,
            WorkDir = workDir,
            HttpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Hostname = "127.0.0.1",
            HttpCredentials = credentials is null ? null : new BasicCredentialsOption(credentials),
            Log = line => { },
        });

    private static Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(
        MarathonHost marathon, HttpMethod method, string path, string? body = null) => MarathonApi.SendAsync(marathon, method, path, body);

    private static async Task<JsonElement> AppAsync(MarathonHost marathon, string id) =>
        (await SendAsync(marathon, HttpMethod.Get, "v2/apps" + id)).Body.GetProperty("app");

    private static List<string> TaskIds(JsonElement app)
    {
        var ids = new List<string>();
        foreach (JsonElement task in app.GetProperty("tasks").EnumerateArray())
        {
            if (task.GetProperty("state").GetString() == "TASK_RUNNING")
                ids.Add(task.GetProperty("id").GetString()!);
        }
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    private static async Task WaitForDeploymentsAsync(MarathonHost marathon) =>
        await Eventually.Until(async () => (await SendAsync(marathon, HttpMethod.Get, "v2/deployments")).Body.GetArrayLength() == 0,
            "every deployment to finish", TimeSpan.FromSeconds(60));

    [Fact]
    public async Task An_app_is_created_scaled_rolled_to_a_new_version_and_destroyed_through_the_rest_api()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync("cpus:2;mem:1024;disk:100;ports:[31000-31100]", "rack_id:r1");
        await cluster.StartAgentAsync("cpus:2;mem:1024;disk:100;ports:[31000-31100]", "rack_id:r2");
        await using MarathonHost marathon = await StartMarathonAsync(cluster, cluster.NewDirectory("marathon"));

        // §14 #1: 201, Location, the deployment header equal to the body's deployment.
        var (status, body, response) = await SendAsync(marathon, HttpMethod.Post, "v2/apps",
            """{"id":"/simple","cmd":"echo $PORT0 > port && sleep 600","cpus":0.1,"mem":16,"instances":2,"constraints":[["rack_id","UNIQUE"]]}""");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("/v2/apps/simple", response.Headers.Location?.ToString());
        string deploymentId = response.Headers.GetValues("Marathon-Deployment-Id").Single();
        Assert.Equal(deploymentId, body.GetProperty("deployments")[0].GetProperty("id").GetString());
        Assert.Equal(0, body.GetProperty("tasksRunning").GetInt32());
        // §14 #6 defaults.
        Assert.Equal(1.15, body.GetProperty("backoffFactor").GetDouble());
        int servicePort = body.GetProperty("portDefinitions")[0].GetProperty("port").GetInt32();
        Assert.InRange(servicePort, 10000, 20000);

        await WaitForDeploymentsAsync(marathon);
        JsonElement app = await AppAsync(marathon, "/simple");
        Assert.Equal(2, app.GetProperty("tasksRunning").GetInt32());
        List<string> first = TaskIds(app);
        var hosts = new HashSet<string>();
        foreach (JsonElement task in app.GetProperty("tasks").EnumerateArray())
        {
            hosts.Add(task.GetProperty("slaveId").GetString()!);
            Assert.InRange(task.GetProperty("ports")[0].GetInt32(), 31000, 31100);
            Assert.Equal(servicePort, task.GetProperty("servicePorts")[0].GetInt32());
        }
        Assert.Equal(2, hosts.Count); // rack_id UNIQUE put one on each agent

        // §14 #2: a second POST of the same id is a conflict.
        (status, body, _) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/simple","cmd":"sleep 1"}""");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("An app with id [/simple] already exists.", body.GetProperty("message").GetString());

        // §14 #7, #25: scaling to 3 with rack_id UNIQUE on 2 racks leaves one queued with UnfulfilledConstraint; scale back to 2 with force.
        (status, _, _) = await SendAsync(marathon, HttpMethod.Put, "v2/apps/simple", """{"instances":3}""");
        Assert.Equal(HttpStatusCode.OK, status);
        await Eventually.Until(async () =>
        {
            JsonElement queue = (await SendAsync(marathon, HttpMethod.Get, "v2/queue")).Body.GetProperty("queue");
            if (queue.GetArrayLength() != 1)
                return false;
            foreach (JsonElement reason in queue[0].GetProperty("processedOffersSummary").GetProperty("rejectSummaryLastOffers").EnumerateArray())
            {
                if (reason.GetProperty("reason").GetString() == "UnfulfilledConstraint" && reason.GetProperty("declined").GetInt64() > 0)
                    return true;
            }
            return false;
        }, "the third instance to wait with UnfulfilledConstraint declines");
        (status, body, _) = await SendAsync(marathon, HttpMethod.Put, "v2/apps/simple", """{"instances":2}""");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("App is locked by one or more deployments", body.GetProperty("message").GetString());
        (status, _, _) = await SendAsync(marathon, HttpMethod.Put, "v2/apps/simple?force=true", """{"instances":2}""");
        Assert.Equal(HttpStatusCode.OK, status);
        await WaitForDeploymentsAsync(marathon);
        app = await AppAsync(marathon, "/simple");
        Assert.Equal(first, TaskIds(app)); // scaling never restarted a running task
        Assert.NotEqual(app.GetProperty("versionInfo").GetProperty("lastScalingAt").GetString(),
            app.GetProperty("versionInfo").GetProperty("lastConfigChangeAt").GetString());

        // §14 #8: a config change rolls every task to the new version.
        (status, _, _) = await SendAsync(marathon, HttpMethod.Put, "v2/apps/simple", """{"cmd":"sleep 700","constraints":[]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        await WaitForDeploymentsAsync(marathon);
        app = await AppAsync(marathon, "/simple");
        List<string> rolled = TaskIds(app);
        Assert.Equal(2, rolled.Count);
        Assert.Empty(rolled.Intersect(first));
        Assert.Equal("sleep 700", app.GetProperty("cmd").GetString());

        // §14 #36: every version is kept and readable.
        (status, body, _) = await SendAsync(marathon, HttpMethod.Get, "v2/apps/simple/versions");
        Assert.Equal(4, body.GetProperty("versions").GetArrayLength());
        string oldest = body.GetProperty("versions")[3].GetString()!;
        (status, body, _) = await SendAsync(marathon, HttpMethod.Get, "v2/apps/simple/versions/" + oldest);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body.GetProperty("instances").GetInt32());

        // §14 #12: destroy; its tasks go away.
        (status, _, _) = await SendAsync(marathon, HttpMethod.Delete, "v2/apps/simple");
        Assert.Equal(HttpStatusCode.OK, status);
        await WaitForDeploymentsAsync(marathon);
        (status, body, _) = await SendAsync(marathon, HttpMethod.Get, "v2/apps/simple");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("App '/simple' does not exist", body.GetProperty("message").GetString());
        Assert.Equal(0, (await SendAsync(marathon, HttpMethod.Get, "v2/tasks")).Body.GetProperty("tasks").GetArrayLength());
    }

    [Fact]
    public async Task Bad_requests_get_marathons_status_codes_and_bodies_and_a_restarted_marathon_keeps_its_tasks()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync("cpus:2;mem:1024;disk:100;ports:[31000-31100]");
        string workDir = cluster.NewDirectory("marathon");
        MarathonHost marathon = await StartMarathonAsync(cluster, workDir);
        try
        {
            // §14 #3, #4, #5: 422 with paths; malformed JSON is a 400.
            var (status, body, _) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/x","cmd":"sleep 1","args":["a"]}""");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Equal("Object is not valid", body.GetProperty("message").GetString());
            Assert.Contains("AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.", body.GetProperty("details").GetRawText().Replace("\\u0027", "'"));
            (status, body, _) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/x","cmd":"sleep 1","upgradeStrategy":{"minimumHealthCapacity":1.5}}""");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Equal("/upgradeStrategy/minimumHealthCapacity", body.GetProperty("details")[0].GetProperty("path").GetString());
            (status, body, _) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/My_App","cmd":"sleep 1"}""");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Equal("/id", body.GetProperty("details")[0].GetProperty("path").GetString());
            (status, body, _) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/x", cmd""");
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("Invalid JSON", body.GetProperty("message").GetString());
            (status, body, _) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/x","cpus":"many"}""");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Equal("/cpus", body.GetProperty("details")[0].GetProperty("path").GetString());
            (status, body, _) = await SendAsync(marathon, HttpMethod.Delete, "v2/apps/nope");
            Assert.Equal(HttpStatusCode.NotFound, status);
            (status, body, _) = await SendAsync(marathon, HttpMethod.Post, "v2/tasks/delete?scale=true&wipe=true", """{"ids":["x"]}""");
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("You cannot use scale and wipe at the same time.", body.GetProperty("message").GetString());
            (status, _, _) = await SendAsync(marathon, HttpMethod.Get, "ping");
            Assert.Equal(HttpStatusCode.OK, status);

            // Nothing was lost by the bad calls: a valid app still deploys.
            (status, _, _) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/keep","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":2}""");
            Assert.Equal(HttpStatusCode.Created, status);
            await WaitForDeploymentsAsync(marathon);
            List<string> before = TaskIds(await AppAsync(marathon, "/keep"));
            Assert.Equal(2, before.Count);
            string frameworkId = (await SendAsync(marathon, HttpMethod.Get, "v2/info")).Body.GetProperty("frameworkId").GetString()!;

            // Marathon stops (failover) and starts again on the same state: same framework, same tasks, nothing relaunched.
            await marathon.DisposeAsync();
            marathon = await StartMarathonAsync(cluster, workDir);
            await Eventually.Until(async () =>
                (await SendAsync(marathon, HttpMethod.Get, "v2/info")).Body.GetProperty("frameworkId").GetString() == frameworkId
                && marathon.Runtime.IsSubscribed, "the restarted Marathon to re-subscribe with its framework id");
            Assert.Equal(before, TaskIds(await AppAsync(marathon, "/keep")));
        }
        finally
        {
            await marathon.DisposeAsync();
        }

        // --http_credentials: 401 with Marathon's message without them, /ping stays open.
        await using MarathonHost secured = await StartMarathonAsync(cluster, cluster.NewDirectory("secured"), "ops:s3cret");
        var (denied, deniedBody, _) = await SendAsync(secured, HttpMethod.Get, "v2/apps");
        Assert.Equal(HttpStatusCode.Unauthorized, denied);
        Assert.Equal("Invalid username or password.", deniedBody.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(secured, HttpMethod.Get, "ping")).Status);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(secured.Url, "v2/apps"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:s3cret")));
        using HttpResponseMessage allowed = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }
}

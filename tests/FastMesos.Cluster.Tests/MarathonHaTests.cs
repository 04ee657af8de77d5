using System.Net;
using System.Text.Json;
using FastMesos.Cluster.Tests.Support;
using FastMesos.Coordination;
using FastMesos.Coordination.Tests;
using FastMesos.Marathon;
using FastMesos.Marathon.Cli;
using Xunit.Abstractions;

namespace FastMesos.Cluster.Tests;

/// <summary>
/// Marathon HA (specs/marathon.md §8, §5.1): two Marathons on one real ZooKeeper and a real cluster —
/// one leads, the other proxies; the leader goes away mid-deployment and the standby takes over with
/// the apps, the tasks and the running deployment, launching nothing twice; DELETE /v2/leader hands
/// leadership over.
/// </summary>
public sealed class MarathonHaTests(ITestOutputHelper output)
{
    private Task<MarathonHost> StartMarathonAsync(ClusterHarness cluster, ZooKeeperServer zk, string name, TimeSpan? sessionTimeout = null) =>
        MarathonHost.StartAsync(new MarathonOptions
        {
            Master = cluster.Master.EndPoint,
            WorkDir = cluster.NewDirectory(name),
            HttpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Hostname = "127.0.0.1",
            ZooKeeperUrl = zk.ConnectionString + "/marathon",
            ZooKeeperSessionTimeout = sessionTimeout ?? TimeSpan.FromSeconds(10),
            Log = line => Log(name, line),
        });

    private void Log(string name, string line)
    {
        try
        {
            output.WriteLine($"[{name}] {line}");
        }
        catch (InvalidOperationException)
        {
            // The test already ended.
        }
    }

    private static Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(
        MarathonHost marathon, HttpMethod method, string path, string? body = null) => MarathonApi.SendAsync(marathon, method, path, body);

    private static string Id(MarathonHost marathon) => $"127.0.0.1:{marathon.EndPoint.Port}";

    /// <summary>The ids of the framework's tasks the master knows, by state.</summary>
    private static async Task<(List<string> Running, int Active)> MasterTasksAsync(ClusterHarness cluster)
    {
        using JsonDocument state = await cluster.MasterStateAsync();
        var running = new List<string>();
        int active = 0;
        foreach (JsonElement framework in state.RootElement.GetProperty("frameworks").EnumerateArray())
        {
            foreach (JsonElement task in framework.GetProperty("tasks").EnumerateArray())
            {
                active++;
                if (task.GetProperty("state").GetString() == "TASK_RUNNING")
                    running.Add(task.GetProperty("id").GetString()!);
            }
        }
        running.Sort(StringComparer.Ordinal);
        return (running, active);
    }

    private static async Task<JsonElement> DeploymentsAsync(MarathonHost marathon) =>
        (await SendAsync(marathon, HttpMethod.Get, "v2/deployments")).Body;

    [Fact]
    public async Task The_standby_proxies_and_takes_over_a_running_deployment_without_duplicate_or_lost_tasks()
    {
        await using ZooKeeperServer zk = await ZooKeeperServer.StartNewAsync();
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        // Room for two of the three instances: the deployment stays running until a second agent comes.
        await cluster.StartAgentAsync("cpus:0.25;mem:256;disk:100;ports:[31000-31100]");
        MarathonHost first = await StartMarathonAsync(cluster, zk, "first");
        MarathonHost? second = null;
        try
        {
            await Eventually.Until(() => first.IsLeader, "the first Marathon to lead");
            second = await StartMarathonAsync(cluster, zk, "second");
            Assert.False(second.IsLeader);

            // Every node names the leader; /ping is answered locally.
            var (status, body, response) = await SendAsync(second, HttpMethod.Get, "v2/leader");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(Id(first), body.GetProperty("leader").GetString());
            (status, _, response) = await SendAsync(second, HttpMethod.Get, "ping");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.False(response.Headers.Contains("X-Marathon-Via"));

            // A POST to the standby creates the app on the leader.
            (status, body, response) = await SendAsync(second, HttpMethod.Post, "v2/apps",
                """{"id":"/web","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":3}""");
            Assert.Equal(HttpStatusCode.Created, status);
            Assert.Equal("1.1 " + Id(second), response.Headers.GetValues("X-Marathon-Via").Single());
            string deploymentId = response.Headers.GetValues("Marathon-Deployment-Id").Single();
            JsonElement info = (await SendAsync(second, HttpMethod.Get, "v2/info")).Body;
            Assert.True(info.GetProperty("elected").GetBoolean());
            Assert.Equal(Id(first), info.GetProperty("leader").GetString());

            await Eventually.Until(async () => (await MasterTasksAsync(cluster)).Running.Count == 2, "two instances to run");
            JsonElement deployments = await DeploymentsAsync(second);
            Assert.Equal(deploymentId, Assert.Single(deployments.EnumerateArray()).GetProperty("id").GetString());
            List<string> before = (await MasterTasksAsync(cluster)).Running;

            // The leader goes away mid-deployment; the standby is elected and resumes the deployment.
            await first.DisposeAsync();
            await Eventually.Until(() => second.IsLeader, "the second Marathon to lead", TimeSpan.FromSeconds(30));
            (status, body, _) = await SendAsync(second, HttpMethod.Get, "v2/leader");
            Assert.Equal(Id(second), body.GetProperty("leader").GetString());
            deployments = await DeploymentsAsync(second);
            Assert.Equal(deploymentId, Assert.Single(deployments.EnumerateArray()).GetProperty("id").GetString());
            JsonElement app = (await SendAsync(second, HttpMethod.Get, "v2/apps/web")).Body.GetProperty("app");
            Assert.Equal(3, app.GetProperty("instances").GetInt32());

            // Room for the third: the deployment finishes with exactly three tasks, the first two kept.
            await cluster.StartAgentAsync("cpus:0.25;mem:256;disk:100;ports:[31000-31100]");
            await Eventually.Until(async () => (await DeploymentsAsync(second)).GetArrayLength() == 0, "the deployment to finish", TimeSpan.FromSeconds(60));
            (List<string> running, int active) = await MasterTasksAsync(cluster);
            Assert.Equal(3, running.Count);
            Assert.Equal(3, active);
            Assert.Subset(running.ToHashSet(), before.ToHashSet());
            app = (await SendAsync(second, HttpMethod.Get, "v2/apps/web")).Body.GetProperty("app");
            Assert.Equal(3, app.GetProperty("tasksRunning").GetInt32());
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
                await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_rolling_restart_interrupted_by_abdication_finishes_under_the_next_leader()
    {
        await using ZooKeeperServer zk = await ZooKeeperServer.StartNewAsync();
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync("cpus:0.35;mem:256;disk:100;ports:[31000-31100]");
        MarathonHost first = await StartMarathonAsync(cluster, zk, "first");
        MarathonHost? second = null;
        MarathonHost? third = null;
        try
        {
            await Eventually.Until(() => first.IsLeader, "the first Marathon to lead");
            second = await StartMarathonAsync(cluster, zk, "second");

            // Three instances fill the agent; the restart (one over capacity) waits for room for a fourth.
            var (status, _, _) = await SendAsync(first, HttpMethod.Post, "v2/apps",
                """{"id":"/roll","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":3,"upgradeStrategy":{"minimumHealthCapacity":1,"maximumOverCapacity":0}}""");
            Assert.Equal(HttpStatusCode.Created, status);
            await Eventually.Until(async () => (await DeploymentsAsync(first)).GetArrayLength() == 0, "the app to deploy", TimeSpan.FromSeconds(60));
            List<string> old = (await MasterTasksAsync(cluster)).Running;
            Assert.Equal(3, old.Count);
            (status, _, HttpResponseMessage response) = await SendAsync(second, HttpMethod.Post, "v2/apps/roll/restart");
            Assert.Equal(HttpStatusCode.OK, status);
            string deploymentId = response.Headers.GetValues("Marathon-Deployment-Id").Single();
            await Eventually.Until(async () =>
            {
                JsonElement queue = (await SendAsync(first, HttpMethod.Get, "v2/queue")).Body.GetProperty("queue");
                return queue.GetArrayLength() == 1;
            }, "one new instance to wait for room");

            // DELETE /v2/leader through the standby reaches the leader, which abdicates (exit 105).
            JsonElement body;
            (status, body, _) = await SendAsync(second, HttpMethod.Delete, "v2/leader");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("Leadership abdicated", body.GetProperty("message").GetString());
            Assert.Equal(105, await first.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
            await Eventually.Until(() => second.IsLeader, "the second Marathon to lead", TimeSpan.FromSeconds(30));
            await first.DisposeAsync();
            // The supervisor would restart the abdicated Marathon: it comes back as a standby.
            third = await StartMarathonAsync(cluster, zk, "third");
            Assert.False(third.IsLeader);
            Assert.Equal(deploymentId, Assert.Single((await DeploymentsAsync(third)).EnumerateArray()).GetProperty("id").GetString());
            Assert.Equal(3, (await MasterTasksAsync(cluster)).Running.Count);

            // Room for the rest: the restart replaces the three old tasks one by one, launching no extra one.
            await cluster.StartAgentAsync("cpus:0.15;mem:256;disk:100;ports:[31000-31100]");
            await Eventually.Until(async () => (await DeploymentsAsync(second)).GetArrayLength() == 0, "the restart to finish", TimeSpan.FromSeconds(90));
            await Eventually.Until(async () => (await MasterTasksAsync(cluster)).Active == 3, "the old tasks to be gone", TimeSpan.FromSeconds(30));
            (List<string> running, _) = await MasterTasksAsync(cluster);
            Assert.Equal(3, running.Count);
            Assert.Empty(running.Intersect(old));
            JsonElement app = (await SendAsync(third, HttpMethod.Get, "v2/apps/roll")).Body.GetProperty("app");
            Assert.Equal(3, app.GetProperty("tasksRunning").GetInt32());
            string version = app.GetProperty("version").GetString()!;
            foreach (JsonElement task in app.GetProperty("tasks").EnumerateArray())
                Assert.Equal(version, task.GetProperty("version").GetString());
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
                await second.DisposeAsync();
            if (third is not null)
                await third.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_leader_cut_off_from_zookeeper_exits_with_103_and_its_state_survives_in_zookeeper()
    {
        await using ZooKeeperServer zk = await ZooKeeperServer.StartNewAsync();
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync("cpus:1;mem:256;disk:100;ports:[31000-31100]");
        MarathonHost marathon = await StartMarathonAsync(cluster, zk, "first", TimeSpan.FromSeconds(4));
        try
        {
            await Eventually.Until(() => marathon.IsLeader, "the Marathon to lead");
            var (status, _, _) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/kept","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":1}""");
            Assert.Equal(HttpStatusCode.Created, status);
            await Eventually.Until(async () => (await MasterTasksAsync(cluster)).Running.Count == 1, "the task to run");

            await zk.StopAsync();
            Assert.Equal(103, await marathon.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.False(marathon.IsLeader);
            await marathon.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

            // ZooKeeper back: a new Marathon leads with the same app and task.
            await zk.StartAsync();
            marathon = await StartMarathonAsync(cluster, zk, "second");
            await Eventually.Until(() => marathon.IsLeader, "the new Marathon to lead", TimeSpan.FromSeconds(30));
            JsonElement app = (await SendAsync(marathon, HttpMethod.Get, "v2/apps/kept")).Body.GetProperty("app");
            Assert.Equal(1, app.GetProperty("instances").GetInt32());
            await Eventually.Until(async () => (await SendAsync(marathon, HttpMethod.Get, "v2/apps/kept")).Body.GetProperty("app").GetProperty("tasksRunning").GetInt32() == 1,
                "the task to be reconciled as running");
            Assert.Single((await MasterTasksAsync(cluster)).Running);
        }
        finally
        {
            await marathon.DisposeAsync();
        }
    }

    [Fact]
    public async Task Marathon_command_rejects_a_malformed_zk_url_and_exits_100_when_zookeeper_is_unreachable()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = await MarathonCommand.RunAsync(["--master=127.0.0.1:5050", "--zk=http://nowhere/marathon"], stdout, stderr, CancellationToken.None);
        Assert.Equal(1, exit);
        Assert.Contains("Failed to load flag 'zk'", stderr.ToString(), StringComparison.Ordinal);

        int closedPort = ZooKeeperServer.FreePort();
        stderr = new StringWriter();
        exit = await MarathonCommand.RunAsync(["--master=127.0.0.1:5050", $"--zk=zk://127.0.0.1:{closedPort}/marathon", "--http_port=0",
            "--zk_session_timeout=2000"], stdout, stderr, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(100, exit);
    }

    [Fact]
    public async Task Without_a_known_leader_a_standby_answers_503_and_404_then_leads_when_the_leader_node_goes()
    {
        await using ZooKeeperServer zk = await ZooKeeperServer.StartNewAsync();
        await using ZooKeeperClient other = await ZooKeeperClient.ConnectAsync(zk.ConnectionString);
        await other.CreateAsync("/marathon", []);
        await other.CreateAsync("/marathon/leader", []);
        // A member whose data names nobody leads: no leader is known.
        string ghost = await other.CreateAsync("/marathon/leader/member_", [], CreateMode.EphemeralSequential);
        await using MarathonHost marathon = await MarathonHost.StartAsync(new MarathonOptions
        {
            Master = new IPEndPoint(IPAddress.Loopback, ZooKeeperServer.FreePort()),
            WorkDir = Path.Combine(Path.GetTempPath(), "fastmesos-marathon-ha-" + Guid.NewGuid().ToString("N")),
            HttpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Hostname = "127.0.0.1",
            ZooKeeperUrl = zk.ConnectionString + "/marathon",
            Log = line => Log("standby", line),
        });
        Assert.False(marathon.IsLeader);

        var (status, body, _) = await SendAsync(marathon, HttpMethod.Get, "v2/leader");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("There is no leader", body.GetProperty("message").GetString());
        (status, body, _) = await SendAsync(marathon, HttpMethod.Get, "v2/apps");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Could not determine the current leader", body.GetProperty("message").GetString());
        (status, _, _) = await SendAsync(marathon, HttpMethod.Get, "ping");
        Assert.Equal(HttpStatusCode.OK, status);

        await other.DeleteAsync(ghost);
        await Eventually.Until(() => marathon.IsLeader, "the Marathon to lead");
        (status, body, _) = await SendAsync(marathon, HttpMethod.Get, "v2/leader");
        Assert.Equal(Id(marathon), body.GetProperty("leader").GetString());
        (status, body, _) = await SendAsync(marathon, HttpMethod.Get, "v2/apps");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, body.GetProperty("apps").GetArrayLength());
        JsonElement info = (await SendAsync(marathon, HttpMethod.Get, "v2/info")).Body;
        Assert.Equal(zk.ConnectionString + "/marathon", info.GetProperty("zookeeper_config").GetProperty("zk").GetString());
        Assert.False(info.GetProperty("zookeeper_config").GetProperty("disable_ha").GetBoolean());
    }

    [Fact]
    public async Task A_standby_forwards_credentials_and_bodies_and_redirects_event_streams()
    {
        await using ZooKeeperServer zk = await ZooKeeperServer.StartNewAsync();
        MarathonOptions Options(string name) => new()
        {
            Master = new IPEndPoint(IPAddress.Loopback, ZooKeeperServer.FreePort()), // no master needed for the API
            WorkDir = Path.Combine(Path.GetTempPath(), "fastmesos-marathon-ha-" + Guid.NewGuid().ToString("N")),
            HttpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Hostname = "127.0.0.1",
            ZooKeeperUrl = zk.ConnectionString + "/marathon",
            HttpCredentials = new BasicCredentialsOption("ops:s3cret"),
            Log = line => Log(name, line),
        };
        await using MarathonHost leader = await MarathonHost.StartAsync(Options("leader"));
        await Eventually.Until(() => leader.IsLeader, "the first Marathon to lead");
        await using MarathonHost standby = await MarathonHost.StartAsync(Options("standby"));

        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(20) };
        var auth = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("ops:s3cret"u8.ToArray()));
        using (HttpResponseMessage refused = await client.GetAsync(new Uri(standby.Url, "v2/apps")))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        // The standby learns the leader from ZooKeeper a moment after it starts; until then it
        // answers 503 "Could not determine the current leader", as Marathon does.
        await Eventually.Until(async () =>
        {
            using var ask = new HttpRequestMessage(HttpMethod.Get, new Uri(standby.Url, "v2/leader"));
            ask.Headers.Authorization = auth;
            using HttpResponseMessage answer = await client.SendAsync(ask);
            return answer.IsSuccessStatusCode && (await answer.Content.ReadAsStringAsync()).Contains(Id(leader), StringComparison.Ordinal);
        }, "the standby to know the leader");

        using (var post = new HttpRequestMessage(HttpMethod.Post, new Uri(standby.Url, "v2/apps?force=true")))
        {
            post.Headers.Authorization = auth;
            post.Content = new StringContent("""{"id":"/via","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":0}""", System.Text.Encoding.UTF8, "application/json");
            using HttpResponseMessage created = await client.SendAsync(post);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("/v2/apps/via", created.Headers.Location?.ToString());
            Assert.Equal("1.1 " + Id(standby), created.Headers.GetValues("X-Marathon-Via").Single());
            Assert.Equal("http://" + Id(leader), created.Headers.GetValues("X-Marathon-Leader").Single());
        }

        using (var get = new HttpRequestMessage(HttpMethod.Get, new Uri(leader.Url, "v2/apps/via")))
        {
            get.Headers.Authorization = auth;
            using HttpResponseMessage app = await client.SendAsync(get);
            Assert.Equal(HttpStatusCode.OK, app.StatusCode);
            Assert.False(app.Headers.Contains("X-Marathon-Via"));
        }

        using (var events = new HttpRequestMessage(HttpMethod.Get, new Uri(standby.Url, "v2/events?event_type=deployment_info")))
        {
            events.Headers.Authorization = auth;
            using HttpResponseMessage redirect = await client.SendAsync(events);
            Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
            Assert.Equal($"http://{Id(leader)}/v2/events?event_type=deployment_info", redirect.Headers.Location?.ToString());
        }
    }
}

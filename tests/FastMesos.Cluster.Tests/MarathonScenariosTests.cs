using System.Net;
using System.Text.Json;
using FastMesos.Apps.Json;
using FastMesos.Apps.Validation;
using FastMesos.Cluster.Tests.Support;
using FastMesos.Marathon;
using FastMesos.Marathon.Cli;
using static FastMesos.Cluster.Tests.Support.MarathonApi;

namespace FastMesos.Cluster.Tests;

/// <summary>
/// The acceptance scenarios of specs/marathon.md §14 that need no health checks, events or
/// metrics, black-box over HTTP against a real master, agents and task processes; and every app of
/// examples/marathon-apps.json, accepted or refused with the validator's 422.
/// </summary>
public sealed class MarathonScenariosTests
{
    private sealed class Setup : IAsyncDisposable
    {
        public required ClusterHarness Cluster { get; init; }
        public required MarathonHost Marathon { get; init; }

        public async ValueTask DisposeAsync()
        {
            await Marathon.DisposeAsync();
            await Cluster.DisposeAsync();
        }
    }

    private static async Task<Setup> StartAsync(int racks, int maxRunningDeployments = 100, int launchTokens = 100)
    {
        ClusterHarness cluster = await ClusterHarness.StartAsync();
        for (int i = 1; i <= racks; i++)
            await cluster.StartAgentAsync("cpus:4;mem:2048;disk:100;ports:[31000-31100]", $"rack_id:rack-{i}");
        MarathonHost marathon = await MarathonHost.StartAsync(new MarathonOptions
        {
            Master = cluster.Master.EndPoint,
            WorkDir = cluster.NewDirectory("marathon"),
            HttpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Hostname = "127.0.0.1",
            MaxRunningDeployments = maxRunningDeployments,
            LaunchTokens = launchTokens,
            Log = l => { if (l.StartsWith('E')) Console.WriteLine(l); },
        });
        return new Setup { Cluster = cluster, Marathon = marathon };
    }

    // MarathonApi's call without the response message (these tests read status and body only).
    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(MarathonHost marathon, HttpMethod method, string path, string? body = null)
    {
        (HttpStatusCode status, JsonElement json, HttpResponseMessage response) = await MarathonApi.SendAsync(marathon, method, path, body);
        response.Dispose();
        return (status, json);
    }

    private static async Task<List<JsonElement>> RunningTasksAsync(MarathonHost marathon, string id)
    {
        var tasks = new List<JsonElement>();
        foreach (JsonElement task in (await AppAsync(marathon, id)).GetProperty("tasks").EnumerateArray())
        {
            if (task.GetProperty("state").GetString() == "TASK_RUNNING")
                tasks.Add(task);
        }
        return tasks;
    }

    private static Task WaitForRunningAsync(MarathonHost marathon, string id, int count) =>
        Eventually.Until(async () => (await RunningTasksAsync(marathon, id)).Count == count, $"{count} running tasks of {id}", TimeSpan.FromSeconds(60));

    [Fact]
    public async Task Rollback_restart_and_task_kills_behave_as_in_marathon()
    {
        await using Setup setup = await StartAsync(racks: 2);
        MarathonHost marathon = setup.Marathon;
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(marathon, HttpMethod.Post, "v2/apps",
            """{"id":"/a","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":2}""")).Status);
        await WaitForDeploymentsAsync(marathon);
        string firstVersion = (await AppAsync(marathon, "/a")).GetProperty("version").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(marathon, HttpMethod.Put, "v2/apps/a", """{"cmd":"sleep 601"}""")).Status);
        await WaitForDeploymentsAsync(marathon);

        // #10: rollback to a stored version; unknown version 404; version with other fields 422.
        var (status, body) = await SendAsync(marathon, HttpMethod.Put, "v2/apps/a", $$"""{"version":"{{firstVersion}}"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        await WaitForDeploymentsAsync(marathon);
        JsonElement app = await AppAsync(marathon, "/a");
        Assert.Equal("sleep 600", app.GetProperty("cmd").GetString());
        Assert.NotEqual(firstVersion, app.GetProperty("version").GetString());
        (status, _) = await SendAsync(marathon, HttpMethod.Put, "v2/apps/a", """{"version":"2001-01-01T00:00:00.000Z"}""");
        Assert.Equal(HttpStatusCode.NotFound, status);
        (status, body) = await SendAsync(marathon, HttpMethod.Put, "v2/apps/a", $$"""{"version":"{{firstVersion}}","cmd":"x"}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains(AppJsonReader.VersionOnlyWithId, body.GetRawText());

        // #11: restart replaces every task; unknown app 404.
        var before = (await RunningTasksAsync(marathon, "/a")).ConvertAll(t => t.GetProperty("id").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(marathon, HttpMethod.Post, "v2/apps/a/restart")).Status);
        await WaitForDeploymentsAsync(marathon);
        var after = (await RunningTasksAsync(marathon, "/a")).ConvertAll(t => t.GetProperty("id").GetString()!);
        Assert.Equal(2, after.Count);
        Assert.Empty(after.Intersect(before));
        (status, body) = await SendAsync(marathon, HttpMethod.Post, "v2/apps/nope/restart");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("App '/nope' does not exist", body.GetProperty("message").GetString());

        // #13: killing one task relaunches the same instance as its next incarnation; instances unchanged.
        string victim = after[0];
        (status, body) = await SendAsync(marathon, HttpMethod.Delete, "v2/apps/a/tasks/" + victim);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(victim, body.GetProperty("task").GetProperty("id").GetString());
        string instance = victim[..victim.IndexOf("._app.", StringComparison.Ordinal)];
        int incarnation = int.Parse(victim[(victim.LastIndexOf('.') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        string next = $"{instance}._app.{incarnation + 1}";
        await Eventually.Until(async () => (await RunningTasksAsync(marathon, "/a")).Exists(t => t.GetProperty("id").GetString() == next),
            "the killed task's instance to run its next incarnation");
        Assert.Equal(2, (await AppAsync(marathon, "/a")).GetProperty("instances").GetInt32());

        // #14: kill with scale=true: a deployment, one instance fewer, no replacement.
        (status, body) = await SendAsync(marathon, HttpMethod.Delete, "v2/apps/a/tasks/" + next + "?scale=true");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.TryGetProperty("deploymentId", out _));
        await WaitForDeploymentsAsync(marathon);
        Assert.Equal(1, (await AppAsync(marathon, "/a")).GetProperty("instances").GetInt32());
        await WaitForRunningAsync(marathon, "/a", 1);
        (status, body) = await SendAsync(marathon, HttpMethod.Delete, "v2/apps/a/tasks/a.instance-00000000-0000-0000-0000-000000000000._app.1");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task With_one_launch_token_instances_launch_one_at_a_time_as_running_updates_return_it()
    {
        await using Setup setup = await StartAsync(racks: 1, launchTokens: 1);
        MarathonHost marathon = setup.Marathon;
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(marathon, HttpMethod.Post, "v2/apps",
            """{"id":"/tokens","cmd":"sleep 600","cpus":0.01,"mem":8,"instances":4}""")).Status);
        int mostInFlight = 0;
        await Eventually.Until(async () =>
        {
            JsonElement app = await AppAsync(marathon, "/tokens");
            mostInFlight = Math.Max(mostInFlight, app.GetProperty("tasksStaged").GetInt32());
            return app.GetProperty("tasksRunning").GetInt32() == 4;
        }, "all four instances to run with a single launch token", TimeSpan.FromSeconds(60));
        Assert.InRange(mostInFlight, 0, 1);
        await WaitForDeploymentsAsync(marathon);
    }

    [Fact]
    public async Task A_crashing_app_is_relaunched_after_each_backoff_by_itself()
    {
        await using Setup setup = await StartAsync(racks: 1);
        MarathonHost marathon = setup.Marathon;
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(marathon, HttpMethod.Post, "v2/apps",
            """{"id":"/flaky","cmd":"exit 1","cpus":0.1,"mem":8,"backoffSeconds":1,"backoffFactor":1}""")).Status);
        // Between failures every offer is declined and offers are suppressed; only the end of the
        // backoff brings them back (no REST call helps here).
        await Eventually.Until(async () => LastFailedTask(await AppAsync(marathon, "/flaky"))?.EndsWith("._app.3", StringComparison.Ordinal) == true,
            "the third incarnation of the crashing app to run and fail", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task The_task_of_a_killed_agent_is_unreachable_and_replaced_on_another_agent()
    {
        await using Setup setup = await StartAsync(racks: 0);
        MarathonHost marathon = setup.Marathon;
        (ChildProcess doomed, _) = await setup.Cluster.StartAgentProcessAsync(setup.Cluster.NewDirectory("doomed"), "cpus:2;mem:512;disk:100", "doomed");
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(marathon, HttpMethod.Post, "v2/apps",
            """{"id":"/survivor","cmd":"sleep 600","cpus":0.1,"mem":16}""")).Status);
        await WaitForRunningAsync(marathon, "/survivor", 1);
        string lostAgent = (await RunningTasksAsync(marathon, "/survivor"))[0].GetProperty("slaveId").GetString()!;
        await setup.Cluster.StartAgentAsync("cpus:2;mem:512;disk:100;ports:[31000-31100]");

        doomed.KillHard();

        // Marathon is partition-aware: TASK_UNREACHABLE, and with the default unreachableStrategy (0, 0) a
        // replacement is launched at once on the agent that is left (specs/marathon.md §6.3).
        await Eventually.Until(async () =>
        {
            List<JsonElement> running = await RunningTasksAsync(marathon, "/survivor");
            return running.Count == 1 && running[0].GetProperty("slaveId").GetString() != lostAgent;
        }, "a replacement running on the other agent", TimeSpan.FromSeconds(60));
        Assert.Equal(1, (await AppAsync(marathon, "/survivor")).GetProperty("instances").GetInt32());
    }

    [Fact]
    public async Task Constraints_place_instances_as_marathon_does()
    {
        await using Setup setup = await StartAsync(racks: 3);
        MarathonHost marathon = setup.Marathon;
        // #27: GROUP_BY 3 over three racks spreads 6 instances 2-2-2; CLUSTER keeps all on one rack;
        // MAX_PER 2 with 3 racks places 6 of 7 and queues one.
        await SendAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/spread","cmd":"sleep 600","cpus":0.01,"mem":8,"instances":6,"constraints":[["rack_id","GROUP_BY","3"]]}""");
        await SendAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/together","cmd":"sleep 600","cpus":0.01,"mem":8,"instances":3,"constraints":[["rack_id","CLUSTER","rack-2"]]}""");
        await SendAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/capped","cmd":"sleep 600","cpus":0.01,"mem":8,"instances":7,"constraints":[["rack_id","MAX_PER","2"]]}""");
        await WaitForRunningAsync(marathon, "/spread", 6);
        await WaitForRunningAsync(marathon, "/together", 3);
        await WaitForRunningAsync(marathon, "/capped", 6);

        Dictionary<string, string> rackOfAgent = await RacksAsync(setup.Cluster);
        int[] spread = await PerRackAsync(marathon, "/spread", rackOfAgent);
        Assert.Equal([2, 2, 2], spread);
        Assert.Equal(["rack-2"], (await RunningTasksAsync(marathon, "/together")).ConvertAll(t => rackOfAgent[t.GetProperty("slaveId").GetString()!]).Distinct());
        int[] capped = await PerRackAsync(marathon, "/capped", rackOfAgent);
        Assert.Equal([2, 2, 2], capped);
        await Eventually.Until(async () =>
        {
            foreach (JsonElement item in (await SendAsync(marathon, HttpMethod.Get, "v2/queue")).Body.GetProperty("queue").EnumerateArray())
            {
                if (item.GetProperty("app").GetProperty("id").GetString() == "/capped" && item.GetProperty("count").GetInt32() == 1)
                    return true;
            }
            return false;
        }, "the 7th /capped instance to wait in the queue");
    }

    private static async Task<Dictionary<string, string>> RacksAsync(ClusterHarness cluster)
    {
        using JsonDocument state = await cluster.MasterStateAsync();
        var racks = new Dictionary<string, string>();
        foreach (JsonElement slave in state.RootElement.GetProperty("slaves").EnumerateArray())
            racks[slave.GetProperty("id").GetString()!] = slave.GetProperty("attributes").GetProperty("rack_id").GetString()!;
        return racks;
    }

    private static async Task<int[]> PerRackAsync(MarathonHost marathon, string id, Dictionary<string, string> rackOfAgent)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (string rack in rackOfAgent.Values)
            counts[rack] = 0;
        foreach (JsonElement task in await RunningTasksAsync(marathon, id))
            counts[rackOfAgent[task.GetProperty("slaveId").GetString()!]]++;
        return [.. counts.Values];
    }

    [Fact]
    public async Task Deployments_can_be_cancelled_and_are_capped_and_failing_apps_back_off()
    {
        await using Setup setup = await StartAsync(racks: 1, maxRunningDeployments: 2);
        MarathonHost marathon = setup.Marathon;
        // Two deployments that cannot finish: more cpus than any agent has.
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/big1","cmd":"sleep 600","cpus":64,"mem":8}""")).Status);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/big2","cmd":"sleep 600","cpus":64,"mem":8}""")).Status);
        // #35 (with --max_running_deployments=2): the third is refused with 403.
        var (status, body) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/big3","cmd":"sleep 600","cpus":0.1,"mem":8}""");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.StartsWith("Max number (2) of running deployments is achieved.", body.GetProperty("message").GetString());

        // #22: cancel with rollback (a new deployment that removes the created app), with force (202), unknown (404).
        JsonElement deployments = (await SendAsync(marathon, HttpMethod.Get, "v2/deployments")).Body;
        string first = deployments[0].GetProperty("id").GetString()!;
        string second = deployments[1].GetProperty("id").GetString()!;
        // A new app: StartApplication, then ScaleApplication (§5.1).
        JsonElement steps = deployments[0].GetProperty("steps");
        Assert.Equal("StartApplication", steps[0].GetProperty("actions")[0].GetProperty("action").GetString());
        Assert.Equal("ScaleApplication", steps[1].GetProperty("actions")[0].GetProperty("action").GetString());
        (status, body) = await SendAsync(marathon, HttpMethod.Delete, "v2/deployments/" + first);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(first, body.GetProperty("deploymentId").GetString());
        (status, _) = await SendAsync(marathon, HttpMethod.Delete, "v2/deployments/" + second + "?force=true");
        Assert.Equal(HttpStatusCode.Accepted, status);
        (status, body) = await SendAsync(marathon, HttpMethod.Delete, "v2/deployments/" + second);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal($"DeploymentPlan {second} does not exist", body.GetProperty("message").GetString());
        await WaitForDeploymentsAsync(marathon);
        var ids = new List<string>();
        foreach (JsonElement app in (await SendAsync(marathon, HttpMethod.Get, "v2/apps")).Body.GetProperty("apps").EnumerateArray())
            ids.Add(app.GetProperty("id").GetString()!);
        Assert.DoesNotContain("/big1", ids); // the rollback removed the app the cancelled deployment created
        Assert.Contains("/big2", ids); // force left /big2 as it was

        // #29: a failing app backs off; resetting the delay relaunches at once; nothing queued → 404.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(marathon, HttpMethod.Delete, "v2/apps/big2")).Status);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(marathon, HttpMethod.Post, "v2/apps",
            """{"id":"/crash","cmd":"exit 1","cpus":0.1,"mem":8,"backoffSeconds":120,"backoffFactor":2,"maxLaunchDelaySeconds":600}""")).Status);
        JsonElement delayed = default;
        await Eventually.Until(async () =>
        {
            foreach (JsonElement item in (await SendAsync(marathon, HttpMethod.Get, "v2/queue")).Body.GetProperty("queue").EnumerateArray())
            {
                if (item.GetProperty("app").GetProperty("id").GetString() == "/crash" && !item.GetProperty("delay").GetProperty("overdue").GetBoolean())
                {
                    delayed = item.GetProperty("delay");
                    return true;
                }
            }
            return false;
        }, "the crashing app to wait out its backoff");
        Assert.InRange(delayed.GetProperty("timeLeftSeconds").GetInt64(), 1, 120);
        (status, _) = await SendAsync(marathon, HttpMethod.Delete, "v2/queue/crash/delay");
        Assert.Equal(HttpStatusCode.NoContent, status);
        // The relaunched task fails at once, so it is visible only briefly in the task list; the
        // app's lastTaskFailure keeps it.
        await Eventually.Until(async () => LastFailedTask(await AppAsync(marathon, "/crash"))?.EndsWith("._app.2", StringComparison.Ordinal) == true,
            "the second incarnation to launch (and fail) right after the delay reset");
        (status, body) = await SendAsync(marathon, HttpMethod.Delete, "v2/queue/big1/delay");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Application /big1 not found in tasks queue.", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Every_app_of_the_marathon_docs_is_accepted_or_refused_with_the_validators_422()
    {
        await using Setup setup = await StartAsync(racks: 1);
        MarathonHost marathon = setup.Marathon;
        // The copy kept beside the Apps tests (from ../shared/examples), found from the test's output directory.
        string? path = null;
        for (string? dir = AppContext.BaseDirectory; dir is not null && path is null; dir = Path.GetDirectoryName(dir))
        {
            string candidate = Path.Combine(dir, "tests", "FastMesos.Apps.Tests", "marathon-apps.json");
            if (File.Exists(candidate))
                path = candidate;
        }
        Assert.NotNull(path);
        using JsonDocument examples = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        int accepted = 0;
        foreach (JsonElement example in examples.RootElement.EnumerateArray())
        {
            if (example.GetProperty("kind").GetString() != "app")
                continue;
            string definition = example.GetProperty("definition").GetRawText();
            ValidationResult expected = AppValidator.Validate(AppJsonReader.Read(definition));
            var (status, body) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", definition);
            if (expected.IsValid)
            {
                Assert.True(status == HttpStatusCode.Created, $"{example.GetProperty("source")}: {status} {body}");
                accepted++;
            }
            else
            {
                Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
                Assert.Equal(expected.Errors[0].Path, body.GetProperty("details")[0].GetProperty("path").GetString());
            }
        }
        Assert.True(accepted >= 8, $"only {accepted} example apps were accepted");
    }
}

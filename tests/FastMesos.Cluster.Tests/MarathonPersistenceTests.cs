using System.Net;
using System.Text;
using System.Text.Json;
using FastMesos.Cluster.Tests.Support;
using FastMesos.Marathon;
using Microsoft.Extensions.Time.Testing;
using static FastMesos.Cluster.Tests.Support.MarathonApi;

namespace FastMesos.Cluster.Tests;

/// <summary>
/// What Marathon keeps in its store beyond apps and instances (specs/marathon.md §1, §2, §4, §8):
/// pruned app versions (<c>--zk_max_versions</c>), each app's last task failure and the last
/// known Marathon-level health verdicts, so a restarted Marathon reports them at once; and what a
/// refused change must not leave behind (service ports), with the batch body's element paths.
/// </summary>
public sealed class MarathonPersistenceTests
{
    private static async Task<HttpStatusCode> CallAsync(MarathonHost marathon, HttpMethod method, string path, string? body = null)
    {
        (HttpStatusCode status, _, HttpResponseMessage response) = await SendAsync(marathon, method, path, body);
        response.Dispose();
        return status;
    }

    [Fact]
    public async Task Only_the_newest_zk_max_versions_app_versions_are_kept_in_the_store()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        string workDir = cluster.NewDirectory("marathon");
        MarathonHost marathon = await StartMarathonAsync(cluster, workDir, configure: o => o with { MaxVersions = 3 });
        try
        {
            await AssertPrunedAsync(marathon, workDir, rounds: 5);
            // A restarted Marathon reads the root's versions from the store once and keeps pruning them.
            await marathon.DisposeAsync();
            marathon = await StartMarathonAsync(cluster, workDir, configure: o => o with { MaxVersions = 3 });
            await AssertPrunedAsync(marathon, workDir, rounds: 2);
        }
        finally
        {
            await marathon.DisposeAsync();
        }
    }

    /// <summary>Creates (or keeps) /pruned/app, changes it <paramref name="rounds"/> times, then checks that 3 versions of it and of the root remain.</summary>
    private static async Task AssertPrunedAsync(MarathonHost marathon, string workDir, int rounds)
    {

        HttpStatusCode created = await CallAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/pruned/app","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":0}""");
        Assert.True(created is HttpStatusCode.Created or HttpStatusCode.Conflict, $"POST /v2/apps answered {created}");
        for (int i = 1; i <= rounds; i++)
        {
            HttpStatusCode status = await CallAsync(marathon, HttpMethod.Put, "v2/apps/pruned/app?force=true",
                $$$"""{"cmd":"sleep 600","cpus":0.1,"mem":16,"instances":0,"labels":{"round":"{{{i}}}"}}""");
            Assert.Equal(HttpStatusCode.OK, status);
        }
        await WaitForDeploymentsAsync(marathon);

        (_, JsonElement body, HttpResponseMessage response) = await SendAsync(marathon, HttpMethod.Get, "v2/apps/pruned/app/versions");
        response.Dispose();
        var listed = new List<string>();
        foreach (JsonElement version in body.GetProperty("versions").EnumerateArray())
            listed.Add(version.GetString()!);
        Assert.Equal(3, listed.Count);
        // The newest three survive, the current one among them.
        string current = (await AppAsync(marathon, "/pruned/app")).GetProperty("version").GetString()!;
        Assert.Contains(current, listed);
        IReadOnlyList<string> keys = await StoredState.ListAsync(workDir, "versions/pruned_app");
        Assert.Equal(3, keys.Count);
        foreach (string key in keys)
            Assert.Contains(key, listed);
        // The root group's versions are bounded by the same flag, and the newest three are listed.
        // The loop does not wait for the deletes of older ones: the store holds three once they land.
        IReadOnlyList<string> stored = [];
        await Eventually.Until(async () => (stored = await StoredState.ListAsync(workDir, "groupversions")).Count == 3,
            "the store to hold the root's three newest versions");
        (_, JsonElement groupVersions, HttpResponseMessage groupResponse) = await SendAsync(marathon, HttpMethod.Get, "v2/groups/versions");
        groupResponse.Dispose();
        var listedGroups = new List<string>();
        foreach (JsonElement version in groupVersions.EnumerateArray())
            listedGroups.Add(version.GetString()!);
        Assert.Equal([.. stored.Order(StringComparer.Ordinal).Reverse()], listedGroups);
    }

    [Fact]
    public async Task Changes_in_quick_succession_get_distinct_versions_and_every_one_survives_a_restart()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        string workDir = cluster.NewDirectory("marathon");
        // A clock that stands still: every change happens in the same millisecond, as changes that
        // reach the loop back to back do now and then when a commit takes under a millisecond.
        var frozen = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 21, 0, 0, TimeSpan.Zero));
        MarathonHost marathon = await StartMarathonAsync(cluster, workDir, configure: o => o with { MaxVersions = 5, TimeProvider = frozen });
        try
        {
            // Versions are kept to the millisecond (store keys, JSON): two changes that shared one
            // lost the newer definition when pruning deleted the older.
            Assert.Equal(HttpStatusCode.Created, await CallAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/quick","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":0}"""));
            var puts = new Task<HttpStatusCode>[40];
            for (int i = 0; i < puts.Length; i++)
            {
                puts[i] = CallAsync(marathon, HttpMethod.Put, "v2/apps/quick?force=true",
                    $$$"""{"cmd":"sleep 600","cpus":0.1,"mem":16,"instances":0,"labels":{"round":"{{{i}}}"}}""");
            }
            foreach (HttpStatusCode status in await Task.WhenAll(puts))
                Assert.Equal(HttpStatusCode.OK, status);
            await WaitForDeploymentsAsync(marathon);
            JsonElement before = await AppAsync(marathon, "/quick");
            string current = before.GetProperty("version").GetString()!;
            string round = before.GetProperty("labels").GetProperty("round").GetString()!;

            await marathon.DisposeAsync();
            marathon = await StartMarathonAsync(cluster, workDir, configure: o => o with { MaxVersions = 5, TimeProvider = frozen });
            JsonElement app = await AppAsync(marathon, "/quick");
            Assert.Equal(current, app.GetProperty("version").GetString());
            Assert.Equal(round, app.GetProperty("labels").GetProperty("round").GetString());
            (_, JsonElement body, HttpResponseMessage response) = await SendAsync(marathon, HttpMethod.Get, "v2/apps/quick/versions");
            response.Dispose();
            var listed = new HashSet<string>();
            foreach (JsonElement version in body.GetProperty("versions").EnumerateArray())
                Assert.True(listed.Add(version.GetString()!));
            Assert.Equal(5, listed.Count);
            Assert.Contains(current, listed);
            foreach (string version in listed)
                Assert.Equal(HttpStatusCode.OK, await CallAsync(marathon, HttpMethod.Get, $"v2/apps/quick/versions/{version}"));
        }
        finally
        {
            await marathon.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_root_is_stored_as_references_to_app_versions_and_a_whole_tree_of_the_old_format_still_loads()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        string workDir = cluster.NewDirectory("marathon");
        MarathonHost marathon = await StartMarathonAsync(cluster, workDir);
        try
        {
            Assert.Equal(HttpStatusCode.Created, await CallAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/refs/one","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":0}"""));
            Assert.Equal(HttpStatusCode.Created, await CallAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/refs/two","cmd":"sleep 601","cpus":0.1,"mem":16,"instances":0}"""));
            await WaitForDeploymentsAsync(marathon);
            string stored = Encoding.UTF8.GetString((await StoredState.GetAsync(workDir, "group"))!);
            Assert.StartsWith("""{"format":2,""", stored);
            Assert.DoesNotContain("sleep 60", stored);
            string versionOne = (await AppAsync(marathon, "/refs/one")).GetProperty("version").GetString()!;
            (_, JsonElement tree, HttpResponseMessage response) = await SendAsync(marathon, HttpMethod.Get, "v2/groups");
            response.Dispose();

            // A restart reads every app from its stored version.
            await marathon.DisposeAsync();
            marathon = await StartMarathonAsync(cluster, workDir);
            Assert.Equal(versionOne, (await AppAsync(marathon, "/refs/one")).GetProperty("version").GetString());
            Assert.Equal("sleep 601", (await AppAsync(marathon, "/refs/two")).GetProperty("cmd").GetString());

            // A store an earlier FastMesos wrote holds the whole tree (GroupInfo JSON, as GET /v2/groups shows it).
            await marathon.DisposeAsync();
            await StoredState.PutAsync(workDir, "group", Encoding.UTF8.GetBytes(tree.GetRawText()));
            marathon = await StartMarathonAsync(cluster, workDir);
            Assert.Equal(versionOne, (await AppAsync(marathon, "/refs/one")).GetProperty("version").GetString());
            Assert.Equal("sleep 601", (await AppAsync(marathon, "/refs/two")).GetProperty("cmd").GetString());
            // The next change stores the reference form again.
            Assert.Equal(HttpStatusCode.OK, await CallAsync(marathon, HttpMethod.Delete, "v2/apps/refs/two"));
            Assert.StartsWith("""{"format":2,""", Encoding.UTF8.GetString((await StoredState.GetAsync(workDir, "group"))!));
        }
        finally
        {
            await marathon.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_last_task_failure_survives_a_restart_and_goes_with_its_app()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync("cpus:2;mem:1024;disk:100;ports:[31400-31499]");
        string workDir = cluster.NewDirectory("marathon");
        MarathonHost marathon = await StartMarathonAsync(cluster, workDir);
        try
        {
            // A task that fails at once; the long backoff keeps its relaunch from replacing the failure.
            Assert.Equal(HttpStatusCode.Created, await CallAsync(marathon, HttpMethod.Post, "v2/apps",
                """{"id":"/flaky","cmd":"exit 3","cpus":0.1,"mem":16,"instances":1,"backoffSeconds":600}"""));
            string? failed = null;
            await Eventually.Until(async () => (failed = LastFailedTask(await AppAsync(marathon, "/flaky"))) is not null,
                "the failed task to be the app's lastTaskFailure", TimeSpan.FromSeconds(60));

            await marathon.DisposeAsync();
            marathon = await StartMarathonAsync(cluster, workDir);
            JsonElement app = await AppAsync(marathon, "/flaky");
            Assert.Equal(failed, LastFailedTask(app));
            Assert.Equal("TASK_FAILED", app.GetProperty("lastTaskFailure").GetProperty("state").GetString());
            (_, JsonElement listed, HttpResponseMessage response) = await SendAsync(marathon, HttpMethod.Get, "v2/apps?embed=apps.lastTaskFailure");
            response.Dispose();
            Assert.Equal(failed, LastFailedTask(listed.GetProperty("apps")[0]));

            // Deleting the app deletes its stored failure (the loop does not wait for that delete).
            Assert.Equal(HttpStatusCode.OK, await CallAsync(marathon, HttpMethod.Delete, "v2/apps/flaky"));
            await Eventually.Until(async () => await StoredState.GetAsync(workDir, "failures/flaky") is null, "the stored failure to be deleted");
        }
        finally
        {
            await marathon.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_restarted_marathon_shows_the_last_known_marathon_level_health_before_probing_again()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        // Port ranges of their own: other tests (and other Marathons on this host) run python servers on 31000-31100.
        await cluster.StartAgentAsync("cpus:2;mem:1024;disk:100;ports:[31200-31299]");
        string workDir = cluster.NewDirectory("marathon");
        MarathonHost marathon = await StartMarathonAsync(cluster, workDir);
        try
        {
            // A restarted Marathon without the stored verdicts would show unknown until its first
            // probe, and that probe would start a new firstSuccess.
            Assert.Equal(HttpStatusCode.Created, await CallAsync(marathon, HttpMethod.Post, "v2/apps", """
                {"id":"/steady","cmd":"python3 -m http.server $PORT0 --bind 127.0.0.1","cpus":0.1,"mem":32,"instances":2,
                 "healthChecks":[{"protocol":"HTTP","path":"/","gracePeriodSeconds":30,"intervalSeconds":2,"timeoutSeconds":2,"maxConsecutiveFailures":3}]}
                """));
            await Eventually.Until(async () => (await AppAsync(marathon, "/steady")).GetProperty("tasksHealthy").GetInt32() == 2,
                "both tasks to be healthy", TimeSpan.FromSeconds(60));
            string firstSuccess = FirstSuccess(await AppAsync(marathon, "/steady"));

            await marathon.DisposeAsync();
            marathon = await StartMarathonAsync(cluster, workDir);
            JsonElement app = await AppAsync(marathon, "/steady");
            Assert.Equal(2, app.GetProperty("tasksHealthy").GetInt32());
            Assert.Equal(0, app.GetProperty("tasksUnhealthy").GetInt32());
            // The results are the stored ones, not a new probe's.
            Assert.Equal(firstSuccess, FirstSuccess(app));
            Assert.True(app.GetProperty("tasks")[0].GetProperty("healthCheckResults")[0].GetProperty("alive").GetBoolean());
        }
        finally
        {
            await marathon.DisposeAsync();
        }
    }

    [Fact]
    public async Task Mesos_level_health_comes_back_with_the_reconciled_status_after_a_restart()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync("cpus:2;mem:1024;disk:100;ports:[31300-31399]");
        string workDir = cluster.NewDirectory("marathon");
        MarathonHost marathon = await StartMarathonAsync(cluster, workDir);
        try
        {
            Assert.Equal(HttpStatusCode.Created, await CallAsync(marathon, HttpMethod.Post, "v2/apps", """
                {"id":"/mesos-steady","cmd":"python3 -m http.server $PORT0 --bind 127.0.0.1","cpus":0.1,"mem":32,"instances":1,
                 "healthChecks":[{"protocol":"MESOS_HTTP","path":"/","gracePeriodSeconds":30,"intervalSeconds":1,"timeoutSeconds":1,
                                  "maxConsecutiveFailures":3,"delaySeconds":0}]}
                """));
            await WaitForDeploymentsAsync(marathon);
            Assert.Equal(1, (await AppAsync(marathon, "/mesos-steady")).GetProperty("tasksHealthy").GetInt32());

            // Without the stored verdicts, only the master's reconciliation answer (with the latest
            // status's healthy) can tell; the agent reports health changes only.
            await marathon.DisposeAsync();
            await StoredState.DeleteTreeAsync(workDir, "health");
            marathon = await StartMarathonAsync(cluster, workDir);
            await Eventually.Until(async () => (await AppAsync(marathon, "/mesos-steady")).GetProperty("tasksHealthy").GetInt32() == 1,
                "the reconciled status to bring the task's health back", TimeSpan.FromSeconds(30));
        }
        finally
        {
            await marathon.DisposeAsync();
        }
    }

    private static string FirstSuccess(JsonElement app)
    {
        var all = new List<string>();
        foreach (JsonElement task in app.GetProperty("tasks").EnumerateArray())
            all.Add(task.GetProperty("id").GetString() + "=" + task.GetProperty("healthCheckResults")[0].GetProperty("firstSuccess").GetString());
        all.Sort(StringComparer.Ordinal);
        return string.Join(",", all);
    }

    [Fact]
    public async Task A_refused_batch_update_names_the_element_and_gives_back_the_service_ports_it_took()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        // Two service ports in all: a leaked one would leave none for the next app.
        await using MarathonHost marathon = await StartMarathonAsync(cluster, cluster.NewDirectory("marathon"),
            configure: o => o with { LocalPortMin = 10000, LocalPortMax = 10001 });
        Assert.Equal(HttpStatusCode.Created, await CallAsync(marathon, HttpMethod.Post, "v2/apps",
            """{"id":"/ports/a","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":0,"portDefinitions":[{"port":0}]}"""));
        int held = (await AppAsync(marathon, "/ports/a")).GetProperty("portDefinitions")[0].GetProperty("port").GetInt32();

        // The first element takes the second port, the second element is invalid: 422 for element 1.
        (HttpStatusCode status, JsonElement body, HttpResponseMessage response) = await SendAsync(marathon, HttpMethod.Put, "v2/apps", """
            [{"id":"/ports/a","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":0,"portDefinitions":[{"port":0},{"port":0}]},
             {"id":"/ports/b","cmd":"sleep 600","cpus":-1,"mem":16,"instances":0}]
            """);
        response.Dispose();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("Object is not valid", body.GetProperty("message").GetString());
        Assert.Equal("/(1)/cpus", body.GetProperty("details")[0].GetProperty("path").GetString());
        JsonElement ports = (await AppAsync(marathon, "/ports/a")).GetProperty("portDefinitions");
        Assert.Equal(1, ports.GetArrayLength());
        Assert.Equal(held, ports[0].GetProperty("port").GetInt32());

        // A dry run takes nothing either.
        Assert.Equal(HttpStatusCode.OK, await CallAsync(marathon, HttpMethod.Put, "v2/groups/other?dryRun=true",
            """{"id":"/other","apps":[{"id":"/other/x","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":0,"portDefinitions":[{"port":0}]}]}"""));

        // The port the refused update and the dry run took is free again.
        Assert.Equal(HttpStatusCode.Created, await CallAsync(marathon, HttpMethod.Post, "v2/apps",
            """{"id":"/ports/c","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":0,"portDefinitions":[{"port":0}]}"""));
        Assert.NotEqual(held, (await AppAsync(marathon, "/ports/c")).GetProperty("portDefinitions")[0].GetProperty("port").GetInt32());
    }
}

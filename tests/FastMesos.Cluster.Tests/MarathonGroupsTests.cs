using System.Net;
using System.Text.Json;
using FastMesos.Cluster.Tests.Support;
using FastMesos.Marathon;
using static FastMesos.Cluster.Tests.Support.MarathonApi;

namespace FastMesos.Cluster.Tests;

/// <summary>
/// Marathon groups and batch app calls (issue 6, specs/marathon.md §1.1, §14 #16–#21) against a
/// real master and agent: dry runs, dependency order, cycles, scaleBy, replace semantics, group
/// versions and rollback, batch PUT/PATCH, embeds and the last task failure.
/// </summary>
public sealed class MarathonGroupsTests
{
    private const string Db = """{"id":"db","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":3}""";
    private const string App = """{"id":"app","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":1,"dependencies":["/g/db"]}""";

    private static List<(string Action, string App)>[] Steps(JsonElement steps)
    {
        var result = new List<List<(string, string)>>();
        foreach (JsonElement step in steps.EnumerateArray())
        {
            var actions = new List<(string, string)>();
            foreach (JsonElement action in step.GetProperty("actions").EnumerateArray())
                actions.Add((action.GetProperty("action").GetString()!, action.GetProperty("app").GetString()!));
            actions.Sort();
            result.Add(actions);
        }
        return [.. result];
    }

    private static async Task<List<JsonElement>> RunningTasksAsync(MarathonHost marathon, string appId)
    {
        var tasks = new List<JsonElement>();
        foreach (JsonElement task in (await SendAsync(marathon, HttpMethod.Get, "v2/tasks")).Body.GetProperty("tasks").EnumerateArray())
        {
            if (task.GetProperty("appId").GetString() == appId)
                tasks.Add(task);
        }
        return tasks;
    }

    [Fact]
    public async Task Groups_are_planned_in_dependency_order_scaled_replaced_rolled_back_and_destroyed()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync("cpus:4;mem:1024;disk:100;ports:[31000-31100]");
        await using MarathonHost marathon = await StartMarathonAsync(cluster, cluster.NewDirectory("marathon"));

        // An empty root is still a group.
        var (status, body, _) = await SendAsync(marathon, HttpMethod.Get, "v2/groups");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("/", body.GetProperty("id").GetString());
        Assert.Equal(0, body.GetProperty("apps").GetArrayLength());

        // §14 #17: a dry run answers the plan and deploys nothing.
        (status, body, _) = await SendAsync(marathon, HttpMethod.Put, "v2/groups/product?dryRun=true",
            """{"apps":[{"id":"a","cmd":"sleep 600","cpus":0.1,"mem":16},{"id":"b","cmd":"sleep 600","cpus":0.1,"mem":16}]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([("StartApplication", "/product/a"), ("StartApplication", "/product/b")], Steps(body.GetProperty("steps"))[0]);
        Assert.Equal(0, (await SendAsync(marathon, HttpMethod.Get, "v2/deployments")).Body.GetArrayLength());
        (status, body, _) = await SendAsync(marathon, HttpMethod.Get, "v2/groups/product");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Group '/product' does not exist", body.GetProperty("message").GetString());

        // §14 #19: a dependency cycle; nested ids must be children of the posted group.
        (status, body, _) = await SendAsync(marathon, HttpMethod.Post, "v2/groups",
            """{"id":"/c","apps":[{"id":"x","cmd":"sleep 1","dependencies":["/c/y"]},{"id":"y","cmd":"sleep 1","dependencies":["/c/x"]}]}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("Dependency graph has cyclic dependencies.", body.GetProperty("details").GetRawText());
        (status, body, _) = await SendAsync(marathon, HttpMethod.Post, "v2/groups", """{"id":"/grp","apps":[{"id":"/app","cmd":"sleep 1"}]}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        JsonElement detail = body.GetProperty("details")[0];
        Assert.Equal("/apps(0)/id", detail.GetProperty("path").GetString());
        Assert.Equal("identifier /app is not child of /grp. Hint: use relative paths.", detail.GetProperty("errors")[0].GetString());

        // §14 #18: db is scaled in an earlier step than the app depending on it, in the dry run and for real.
        string group = $$"""{"id":"/g","apps":[{{Db}},{{App}}]}""";
        (status, body, _) = await SendAsync(marathon, HttpMethod.Put, "v2/groups/g?dryRun=true", group);
        List<(string Action, string App)>[] steps = Steps(body.GetProperty("steps"));
        Assert.Equal([("ScaleApplication", "/g/db")], steps[1]);
        Assert.Equal([("ScaleApplication", "/g/app")], steps[2]);
        (status, body, HttpResponseMessage response) = await SendAsync(marathon, HttpMethod.Post, "v2/groups", group);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("/v2/groups/g", response.Headers.Location?.ToString());
        Assert.Equal(response.Headers.GetValues("Marathon-Deployment-Id").Single(), body.GetProperty("deploymentId").GetString());
        await WaitForDeploymentsAsync(marathon);
        List<JsonElement> dbTasks = await RunningTasksAsync(marathon, "/g/db");
        List<JsonElement> appTasks = await RunningTasksAsync(marathon, "/g/app");
        Assert.Equal(3, dbTasks.Count);
        Assert.Single(appTasks);
        DateTimeOffset appStaged = appTasks[0].GetProperty("stagedAt").GetDateTimeOffset();
        foreach (JsonElement task in dbTasks)
            Assert.True(task.GetProperty("startedAt").GetDateTimeOffset() <= appStaged, "the app started before its dependency ran");
        string createdVersion = (await SendAsync(marathon, HttpMethod.Get, "v2/groups/g")).Body.GetProperty("version").GetString()!;

        (status, body, _) = await SendAsync(marathon, HttpMethod.Post, "v2/groups", group);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Group /g is already created. Use PUT to change this group.", body.GetProperty("message").GetString());

        // §14 #20: scaleBy 1.5 → ceil(3 × 1.5) = 5 and ceil(1 × 1.5) = 2.
        (status, _, _) = await SendAsync(marathon, HttpMethod.Put, "v2/groups/g", """{"scaleBy":1.5}""");
        Assert.Equal(HttpStatusCode.OK, status);
        await WaitForDeploymentsAsync(marathon);
        JsonElement db = await AppAsync(marathon, "/g/db");
        Assert.Equal(5, db.GetProperty("instances").GetInt32());
        Assert.Equal(5, db.GetProperty("tasksRunning").GetInt32());
        Assert.Equal(2, (await AppAsync(marathon, "/g/app")).GetProperty("instances").GetInt32());

        // §14 #21: a PUT that lists only db removes the app and its tasks.
        (status, _, _) = await SendAsync(marathon, HttpMethod.Put, "v2/groups/g", $$"""{"apps":[{{Db}}]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        await WaitForDeploymentsAsync(marathon);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(marathon, HttpMethod.Get, "v2/apps/g/app")).Status);
        await Eventually.Until(async () => (await RunningTasksAsync(marathon, "/g/app")).Count == 0, "the removed app's tasks to go");
        Assert.Equal(3, (await AppAsync(marathon, "/g/db")).GetProperty("tasksRunning").GetInt32());

        // Group versions: the first one still holds both apps; rolling back to it brings the app back.
        (status, body, _) = await SendAsync(marathon, HttpMethod.Get, "v2/groups/g/versions");
        Assert.Equal(HttpStatusCode.OK, status);
        var versions = body.EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.Contains(createdVersion, versions);
        Assert.True(versions.Count >= 3);
        (status, body, _) = await SendAsync(marathon, HttpMethod.Get, "v2/groups/g/versions/" + createdVersion);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body.GetProperty("apps").GetArrayLength());
        (status, _, _) = await SendAsync(marathon, HttpMethod.Put, "v2/groups/g", $$"""{"version":"{{createdVersion}}"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        await WaitForDeploymentsAsync(marathon);
        Assert.Equal(1, (await AppAsync(marathon, "/g/app")).GetProperty("tasksRunning").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(marathon, HttpMethod.Put, "v2/groups/g", """{"version":"2001-01-01T00:00:00.000Z"}""")).Status);

        // Embeds: the tree by default, only subgroups when asked for those alone.
        body = (await SendAsync(marathon, HttpMethod.Get, "v2/groups")).Body;
        JsonElement g = body.GetProperty("groups")[0];
        Assert.Equal("/g", g.GetProperty("id").GetString());
        Assert.Equal(2, g.GetProperty("apps").GetArrayLength());
        Assert.True(g.GetProperty("apps")[0].TryGetProperty("tasksRunning", out _));
        body = (await SendAsync(marathon, HttpMethod.Get, "v2/groups?embed=group.groups")).Body;
        Assert.False(body.TryGetProperty("apps", out _));
        Assert.Equal(1, body.GetProperty("groups").GetArrayLength());

        // PATCH changes enforceRole only.
        (status, _, _) = await SendAsync(marathon, HttpMethod.Patch, "v2/groups/g", """{"enforceRole":true}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True((await SendAsync(marathon, HttpMethod.Get, "v2/groups/g")).Body.GetProperty("enforceRole").GetBoolean());

        // DELETE destroys the group and its apps.
        (status, body, _) = await SendAsync(marathon, HttpMethod.Delete, "v2/groups/g");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.TryGetProperty("deploymentId", out _));
        await WaitForDeploymentsAsync(marathon);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(marathon, HttpMethod.Get, "v2/groups/g")).Status);
        await Eventually.Until(async () => (await SendAsync(marathon, HttpMethod.Get, "v2/tasks")).Body.GetProperty("tasks").GetArrayLength() == 0,
            "every task of the group to go");
    }

    [Fact]
    public async Task Batch_updates_label_selectors_embeds_and_the_last_task_failure()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync("cpus:4;mem:1024;disk:100;ports:[31000-31100]");
        await using MarathonHost marathon = await StartMarathonAsync(cluster, cluster.NewDirectory("marathon"));

        // Batch PUT: two apps, one deployment.
        var (status, body, _) = await SendAsync(marathon, HttpMethod.Put, "v2/apps",
            """
            [{"id":"/prod/simple","cmd":"sleep 600","cpus":0.1,"mem":16,"labels":{"env":"prod"}},
             {"id":"/dev/other","cmd":"sleep 600","cpus":0.1,"mem":16,"labels":{"env":"dev"}}]
            """);
        Assert.Equal(HttpStatusCode.OK, status);
        string deploymentId = body.GetProperty("deploymentId").GetString()!;
        JsonElement deployments = (await SendAsync(marathon, HttpMethod.Get, "v2/deployments")).Body;
        Assert.True(deployments.GetArrayLength() <= 1);
        if (deployments.GetArrayLength() == 1)
            Assert.Equal(deploymentId, deployments[0].GetProperty("id").GetString());
        await WaitForDeploymentsAsync(marathon);

        // §14 #16: label selectors and the id filter.
        static async Task<List<string>> IdsAsync(MarathonHost marathon, string query)
        {
            var ids = new List<string>();
            foreach (JsonElement app in (await SendAsync(marathon, HttpMethod.Get, "v2/apps" + query)).Body.GetProperty("apps").EnumerateArray())
                ids.Add(app.GetProperty("id").GetString()!);
            return ids;
        }
        Assert.Equal(["/prod/simple"], await IdsAsync(marathon, "?label=env==prod"));
        Assert.Equal(["/dev/other", "/prod/simple"], await IdsAsync(marathon, "?label=env"));
        Assert.Equal(["/prod/simple"], await IdsAsync(marathon, "?id=SIMP"));

        // Batch PATCH: one unknown id fails the whole call.
        (status, body, _) = await SendAsync(marathon, HttpMethod.Patch, "v2/apps", """[{"id":"/prod/simple","instances":2},{"id":"/nope","instances":1}]""");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("App '/nope' does not exist", body.GetProperty("message").GetString());
        Assert.Equal(1, (await AppAsync(marathon, "/prod/simple")).GetProperty("instances").GetInt32());
        (status, _, _) = await SendAsync(marathon, HttpMethod.Patch, "v2/apps", """[{"id":"/prod/simple","instances":2}]""");
        Assert.Equal(HttpStatusCode.OK, status);
        await WaitForDeploymentsAsync(marathon);
        JsonElement simple = await AppAsync(marathon, "/prod/simple");
        Assert.Equal(2, simple.GetProperty("tasksRunning").GetInt32());
        Assert.Equal("sleep 600", simple.GetProperty("cmd").GetString());

        // Embeds: every prefix, unknown ones ignored; counts and deployments always.
        body = (await SendAsync(marathon, HttpMethod.Get, "v2/apps?id=simple&embed=apps.taskStats&embed=app.readiness&embed=bogus")).Body;
        simple = body.GetProperty("apps")[0];
        Assert.False(simple.TryGetProperty("tasks", out _));
        Assert.Equal(0, simple.GetProperty("readinessCheckResults").GetArrayLength());
        Assert.Equal(0, simple.GetProperty("deployments").GetArrayLength());
        JsonElement total = simple.GetProperty("taskStats").GetProperty("totalSummary").GetProperty("stats");
        Assert.Equal(2, total.GetProperty("counts").GetProperty("running").GetInt32());
        Assert.True(total.GetProperty("lifeTime").GetProperty("averageSeconds").GetDouble() >= 0);
        body = (await SendAsync(marathon, HttpMethod.Get, "v2/apps?id=simple&embed=tasks")).Body;
        Assert.Equal(2, body.GetProperty("apps")[0].GetProperty("tasks").GetArrayLength());

        // An app that exits 1: its last task failure is recorded and shown.
        (status, _, _) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/failing","cmd":"exit 1","cpus":0.1,"mem":16}""");
        Assert.Equal(HttpStatusCode.Created, status);
        await Eventually.Until(async () => (await AppAsync(marathon, "/failing")).TryGetProperty("lastTaskFailure", out _),
            "the failing app's lastTaskFailure", TimeSpan.FromSeconds(60));
        JsonElement failure = (await AppAsync(marathon, "/failing")).GetProperty("lastTaskFailure");
        Assert.Equal("/failing", failure.GetProperty("appId").GetString());
        Assert.Equal("TASK_FAILED", failure.GetProperty("state").GetString());
        Assert.StartsWith("failing.instance-", failure.GetProperty("taskId").GetString());
        Assert.False(string.IsNullOrEmpty(failure.GetProperty("slaveId").GetString()));
        Assert.True(failure.TryGetProperty("timestamp", out _));
        Assert.True(failure.TryGetProperty("version", out _));
        body = (await SendAsync(marathon, HttpMethod.Get, "v2/apps?id=failing&embed=apps.lastTaskFailure")).Body;
        Assert.Equal("TASK_FAILED", body.GetProperty("apps")[0].GetProperty("lastTaskFailure").GetProperty("state").GetString());
        body = (await SendAsync(marathon, HttpMethod.Get, "v2/apps?id=failing")).Body;
        Assert.False(body.GetProperty("apps")[0].TryGetProperty("lastTaskFailure", out _));

        // Deleting the app forgets its failure: a new app under the same id starts clean.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(marathon, HttpMethod.Delete, "v2/apps/failing")).Status);
        await WaitForDeploymentsAsync(marathon);
        (status, _, _) = await SendAsync(marathon, HttpMethod.Post, "v2/apps", """{"id":"/failing","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":0}""");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.False((await AppAsync(marathon, "/failing")).TryGetProperty("lastTaskFailure", out _));
    }
}

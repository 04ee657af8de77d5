using System.Net;
using FastMesos.Cluster.Tests.Support;
using FastMesos.Marathon;
using FastMesos.Marathon.State;
using static FastMesos.Cluster.Tests.Support.MarathonApi;

namespace FastMesos.Cluster.Tests;

/// <summary>
/// Deploy calls (POST /v2/apps, PUT/PATCH /v2/apps/{id}) that queue while a deploy write is in
/// flight are planned one after the other and stored in one write (a group commit): each sees the
/// changes of the calls before it, and when the write fails, every call of it fails and nothing
/// changed, service ports included.
/// </summary>
public sealed class MarathonDeployBatchTests
{
    private static string App(string id, string extra = "") =>
        $$"""{"id":"{{id}}","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":0{{extra}}}""";

    [Fact]
    public async Task Calls_queued_behind_a_deploy_write_are_stored_in_one_write_and_each_sees_the_ones_before_it()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        var store = new ScriptedDeployStore(ScriptedDeployStore.Step.Hold);
        await using MarathonHost marathon = await StartMarathonAsync(cluster, cluster.NewDirectory("marathon"), store: store);

        var first = SendAsync(marathon, HttpMethod.Post, "v2/apps", App("/a"));
        await store.Held.WaitAsync(Eventually.DefaultTimeout);
        // Queued one by one behind the held write, so their order is known: the second /b comes after the first.
        var calls = new List<Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body, HttpResponseMessage Response)>>();
        foreach (string body in new[] { App("/b"), App("/b"), App("/c") })
        {
            calls.Add(SendAsync(marathon, HttpMethod.Post, "v2/apps", body));
            int queued = calls.Count;
            await Eventually.Until(() => marathon.Runtime.DeployCallsWaiting == queued, $"{queued} deploy calls to queue");
        }
        Assert.False(first.IsCompleted);
        store.Release();

        using (HttpResponseMessage response = (await first).Response)
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var results = await Task.WhenAll(calls);
        foreach (var result in results)
            result.Response.Dispose();
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.Created], results.Select(r => r.Status));
        Assert.Contains("/b", results[1].Body.GetProperty("message").GetString());

        // Two deploy writes: /a alone, then /b and /c together, with one tree and a root version,
        // an app version and a deployment for each call.
        Assert.Equal(2, store.DeployWrites.Count);
        string[] together = store.DeployWrites.Last();
        Assert.Single(together, k => k == "group");
        Assert.Single(together, k => k.StartsWith("versions/b/", StringComparison.Ordinal));
        Assert.Single(together, k => k.StartsWith("versions/c/", StringComparison.Ordinal));
        Assert.Equal(2, together.Count(k => k.StartsWith("groupversions/", StringComparison.Ordinal)));
        Assert.Equal(2, together.Count(k => k.StartsWith("deployments/", StringComparison.Ordinal)));
        string deploymentB = results[0].Response.Headers.GetValues("Marathon-Deployment-Id").Single();
        string deploymentC = results[2].Response.Headers.GetValues("Marathon-Deployment-Id").Single();
        Assert.NotEqual(deploymentB, deploymentC);

        (HttpStatusCode listed, System.Text.Json.JsonElement apps, HttpResponseMessage listing) = await SendAsync(marathon, HttpMethod.Get, "v2/apps");
        listing.Dispose();
        Assert.Equal(HttpStatusCode.OK, listed);
        Assert.Equal(["/a", "/b", "/c"], apps.GetProperty("apps").EnumerateArray().Select(a => a.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        await WaitForDeploymentsAsync(marathon);
    }

    [Fact]
    public async Task When_a_batch_write_fails_every_call_of_it_fails_and_nothing_changed()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        var store = new ScriptedDeployStore(ScriptedDeployStore.Step.Hold, ScriptedDeployStore.Step.Fail);
        await using MarathonHost marathon = await StartMarathonAsync(cluster, cluster.NewDirectory("marathon"), store: store);

        var first = SendAsync(marathon, HttpMethod.Post, "v2/apps", App("/a"));
        await store.Held.WaitAsync(Eventually.DefaultTimeout);
        var withPort = SendAsync(marathon, HttpMethod.Post, "v2/apps", App("/b", ""","portDefinitions":[{"port":10101}]"""));
        await Eventually.Until(() => marathon.Runtime.DeployCallsWaiting == 1, "the first deploy call to queue");
        var plain = SendAsync(marathon, HttpMethod.Put, "v2/apps/c", App("/c"));
        await Eventually.Until(() => marathon.Runtime.DeployCallsWaiting == 2, "the second deploy call to queue");
        store.Release();

        using (HttpResponseMessage response = (await first).Response)
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        foreach (var call in new[] { await withPort, await plain })
        {
            call.Response.Dispose();
            Assert.Equal(HttpStatusCode.InternalServerError, call.Status);
            Assert.Contains("disk full", call.Body.GetProperty("message").GetString());
        }

        // Neither app exists, in memory or in the store, and /b's service port is free again.
        foreach (string id in new[] { "b", "c" })
        {
            (HttpStatusCode status, _, HttpResponseMessage response) = await SendAsync(marathon, HttpMethod.Get, "v2/apps/" + id);
            response.Dispose();
            Assert.Equal(HttpStatusCode.NotFound, status);
        }
        (HttpStatusCode created, System.Text.Json.JsonElement d, HttpResponseMessage again) = await SendAsync(marathon, HttpMethod.Post, "v2/apps",
            App("/d", ""","portDefinitions":[{"port":10101}]"""));
        again.Dispose();
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(10101, d.GetProperty("portDefinitions")[0].GetProperty("port").GetInt32());
        await WaitForDeploymentsAsync(marathon);

        // The stored tree (what a restart would load) holds /a and /d only.
        StoredGroup stored = RootGroupCodec.Read((await store.GetAsync("group"))!)!;
        Assert.Equal(["/a", "/d"], stored.Apps.Select(a => a.Id.ToString()).Order(StringComparer.Ordinal));
    }
}

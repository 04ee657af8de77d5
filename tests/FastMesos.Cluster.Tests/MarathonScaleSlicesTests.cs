using System.Net;
using System.Text.Json;
using FastMesos.Cluster.Tests.Support;
using FastMesos.Marathon;
using static FastMesos.Cluster.Tests.Support.MarathonApi;

namespace FastMesos.Cluster.Tests;

/// <summary>
/// A deployment creates its new instances in slices (at most <c>InstancesCreatedPerItem</c> per loop
/// item, the rest in "starting instances" items): the scale still ends with exactly the instances
/// asked for, all running, and the deployment finishes.
/// </summary>
public sealed class MarathonScaleSlicesTests
{
    [Fact]
    public async Task A_scale_larger_than_one_slice_ends_with_every_instance_running_and_no_more()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync("cpus:2;mem:1024;disk:100;ports:[31000-31100]");
        await using MarathonHost marathon = await StartMarathonAsync(cluster, cluster.NewDirectory("marathon"),
            configure: static o => o with { InstancesCreatedPerItem = 2 });

        (HttpStatusCode created, _, HttpResponseMessage response) = await SendAsync(marathon, HttpMethod.Post, "v2/apps",
            """{"id":"/sliced","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":7}""");
        response.Dispose();
        Assert.Equal(HttpStatusCode.Created, created);
        await WaitForDeploymentsAsync(marathon);
        JsonElement app = await AppAsync(marathon, "/sliced");
        Assert.Equal(7, app.GetProperty("tasksRunning").GetInt32());
        Assert.Equal(7, TaskIds(app).Count);
        Assert.Equal(7, app.GetProperty("tasks").GetArrayLength());

        // A later scale of the same app (down, then up again in slices) counts what exists.
        (HttpStatusCode scaled, _, response) = await SendAsync(marathon, HttpMethod.Put, "v2/apps/sliced", """{"instances":3}""");
        response.Dispose();
        Assert.Equal(HttpStatusCode.OK, scaled);
        await WaitForDeploymentsAsync(marathon);
        await Eventually.Until(async () => (await AppAsync(marathon, "/sliced")).GetProperty("tasks").GetArrayLength() == 3, "3 tasks left");
        (scaled, _, response) = await SendAsync(marathon, HttpMethod.Put, "v2/apps/sliced", """{"instances":8}""");
        response.Dispose();
        Assert.Equal(HttpStatusCode.OK, scaled);
        await WaitForDeploymentsAsync(marathon);
        app = await AppAsync(marathon, "/sliced");
        Assert.Equal(8, TaskIds(app).Count);
        Assert.Equal(8, app.GetProperty("tasks").GetArrayLength());
        (_, JsonElement queue, response) = await SendAsync(marathon, HttpMethod.Get, "v2/queue");
        response.Dispose();
        Assert.Equal(0, queue.GetProperty("queue").GetArrayLength());
    }
}

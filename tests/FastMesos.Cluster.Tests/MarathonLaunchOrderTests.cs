using System.Collections.Concurrent;
using System.Net;
using FastMesos.Cluster.Tests.Support;
using FastMesos.Marathon;
using FastMesos.Marathon.State;
using FastMesos.Messages;
using static FastMesos.Cluster.Tests.Support.MarathonApi;

namespace FastMesos.Cluster.Tests;

/// <summary>
/// Marathon stores the instances it launches before it launches them, but its loop does not wait
/// for that commit: it goes on with other work, and the launch is sent once the commit is done.
/// Whatever the loop orders about such a task meanwhile must still reach the master after the launch.
/// The deployment a REST call starts is stored in the commit that stores its app.
/// </summary>
public sealed class MarathonLaunchOrderTests
{
    [Fact]
    public async Task A_task_killed_while_its_launch_is_being_stored_is_launched_first_then_killed()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync("cpus:2;mem:1024;disk:100;ports:[31000-31100]");
        var store = new HeldLaunchStore();
        var log = new ConcurrentQueue<string>();
        await using MarathonHost marathon = await StartMarathonAsync(cluster, cluster.NewDirectory("marathon"),
            configure: o => o with { Log = log.Enqueue }, store: store);

        (HttpStatusCode created, _, HttpResponseMessage response) = await SendAsync(marathon, HttpMethod.Post, "v2/apps",
            """{"id":"/held","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":1}""");
        response.Dispose();
        Assert.Equal(HttpStatusCode.Created, created);
        // The deployment was stored in the commit that stored the app, before the answer.
        Assert.Contains(store.Batches, keys => keys.Contains("group") && keys.Any(k => k.StartsWith("deployments/", StringComparison.Ordinal)));

        // The launch batch waits in the store: the loop has decided, the master knows nothing yet.
        IReadOnlyList<KeyValuePair<string, byte[]>> held = await store.Held.WaitAsync(Eventually.DefaultTimeout);
        string taskId = Assert.Single(held, e => e.Key.StartsWith("instances/", StringComparison.Ordinal)).Value is { } value
            ? InstanceCodec.Read(value).TaskId
            : throw new InvalidOperationException("no instance in the held batch");
        string frameworkId = marathon.Runtime.FrameworkId!;
        Assert.Null(cluster.MasterTaskState(frameworkId, taskId));

        // Killing the staging task answers at once; the kill is queued behind the launch.
        (HttpStatusCode killed, _, response) = await SendAsync(marathon, HttpMethod.Delete, $"v2/apps/held/tasks/{taskId}");
        response.Dispose();
        Assert.Equal(HttpStatusCode.OK, killed);
        Assert.Null(cluster.MasterTaskState(frameworkId, taskId));

        store.Release();
        await Eventually.Until(() => cluster.MasterTaskState(frameworkId, taskId) == TaskState.Killed, $"the master to see {taskId} killed");
        // Sent the other way round (checked by sending kills at once), the master answers the kill
        // as for an unknown task, then runs the launch, and the task is still running 20 s later.
        Assert.DoesNotContain(log, line => line.Contains("unknown task", StringComparison.Ordinal));
        Assert.DoesNotContain(log, line => line.StartsWith("E ", StringComparison.Ordinal));
    }
}

using System.Collections.Concurrent;
using System.Net;
using FastMesos.Cluster.Tests.Support;
using FastMesos.Marathon;
using FastMesos.Marathon.State;
using FastMesos.Messages;
using static FastMesos.Cluster.Tests.Support.MarathonApi;

namespace FastMesos.Cluster.Tests;

/// <summary>
/// A Marathon that stops (abdicates, loses its leadership, shuts down) keeps what its driver already
/// acknowledged to the master: the task states it has taken are stored before it lets go of the
/// store, so the next leader starts from them.
/// </summary>
public sealed class MarathonStopTests
{
    [Fact]
    public async Task A_stopping_marathon_stores_the_task_states_it_took_before_it_lets_go_of_the_store()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        await cluster.StartAgentAsync("cpus:2;mem:1024;disk:100;ports:[31000-31100]");
        // Holds the first write of a RUNNING task state (a status drain's), as a slow disk would.
        var store = new HeldLaunchStore(static entries => entries.Any(static e =>
            e.Key.StartsWith("instances/", StringComparison.Ordinal) && InstanceCodec.Read(e.Value).State == TaskState.Running));
        var log = new ConcurrentQueue<string>();
        MarathonHost marathon = await StartMarathonAsync(cluster, cluster.NewDirectory("marathon"),
            configure: o => o with { Log = log.Enqueue }, store: store);
        Task? stopped = null;
        try
        {
            (HttpStatusCode created, _, HttpResponseMessage response) = await SendAsync(marathon, HttpMethod.Post, "v2/apps",
                """{"id":"/kept","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":1}""");
            response.Dispose();
            Assert.Equal(HttpStatusCode.Created, created);
            IReadOnlyList<KeyValuePair<string, byte[]>> held = await store.Held.WaitAsync(Eventually.DefaultTimeout);
            string key = held.First(static e => e.Key.StartsWith("instances/", StringComparison.Ordinal)).Key;
            string frameworkId = marathon.Runtime.FrameworkId!;

            stopped = marathon.DisposeAsync().AsTask();
            // The driver is gone, and Marathon waits for the held write before it lets go of the store
            // (it used to cancel the store's writes right after stopping the driver).
            await Eventually.Until(() => log.Contains("I Storing the last task states before stopping"), "Marathon to wait for its last task states");
            await Eventually.Until(() => cluster.Master.Server.Read(core => core.FindFramework(frameworkId) is { Connected: false }),
                "the master to see Marathon's framework disconnected");
            Assert.False(stopped.IsCompleted);

            store.Release();
            await stopped.WaitAsync(Eventually.DefaultTimeout);
            byte[] stored = await store.GetAsync(key) ?? throw new InvalidOperationException($"nothing stored under {key}");
            Assert.Equal(TaskState.Running, InstanceCodec.Read(stored).State);
        }
        finally
        {
            store.Release();
            await (stopped ?? marathon.DisposeAsync().AsTask());
        }
    }
}

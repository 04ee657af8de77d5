using FastMesos.Cluster.Tests.Support;
using FastMesos.Messages;

namespace FastMesos.Cluster.Tests;

/// <summary>Two greedy frameworks on a saturated cluster end up with equal dominant shares (DRF).</summary>
public sealed class DrfShareTests
{
    [Fact]
    public async Task Two_frameworks_taking_one_cpu_per_offer_each_get_half_the_cluster()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        Resources task = Resources.Parse("cpus:1;mem:32");
        var launches = new Dictionary<string, List<string>> { ["a"] = [], ["b"] = [] };
        var schedulers = new Dictionary<string, RecordingScheduler>();
        foreach (string name in new[] { "a", "b" })
        {
            var scheduler = new RecordingScheduler();
            List<string> launched = launches[name];
            scheduler.OnOffers = (driver, offers) =>
            {
                foreach (Offer offer in offers)
                {
                    if (!offer.Resources.Contains(task))
                    {
                        driver.Decline(offer.Id, 3600);
                        continue;
                    }

                    // One task per offer, the rest declined without a filter: the allocator decides
                    // who gets the freed cpu next, so the final split shows its fairness.
                    string id = $"{name}-{launched.Count + 1}";
                    lock (launched)
                        launched.Add(id);
                    driver.Launch(offer.Id, [ClusterHarness.ShellTask(id, offer, "sleep 100", "cpus:1;mem:32")], new Filters(0));
                }
            };
            schedulers[name] = scheduler;
            await cluster.SubscribeAsync(ClusterHarness.Framework("drf-" + name), scheduler);
        }

        // Agents join after both frameworks subscribed: neither gets a head start.
        await cluster.StartAgentAsync("cpus:2;mem:512;disk:100");
        await cluster.StartAgentAsync("cpus:2;mem:512;disk:100");

        await Eventually.Until(() => Running(schedulers["a"]) + Running(schedulers["b"]) == 4,
            $"4 running tasks (a: {Running(schedulers["a"])}, b: {Running(schedulers["b"])})");

        lock (launches["a"])
            Assert.Equal(2, launches["a"].Count);
        lock (launches["b"])
            Assert.Equal(2, launches["b"].Count);
        Assert.Equal(2, Running(schedulers["a"]));
        Assert.Equal(2, Running(schedulers["b"]));
    }

    private static int Running(RecordingScheduler scheduler)
    {
        var running = new HashSet<string>();
        foreach (FastMesos.Messages.TaskStatus status in scheduler.Updates)
        {
            if (status.State == TaskState.Running)
                running.Add(status.TaskId.Value);
        }

        return running.Count;
    }
}

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

        // Agents join after both frameworks subscribed: neither gets a head start. Each agent holds
        // exactly two tasks (cpus and mem alike), so no leftover (a mem-only offer a framework holds)
        // skews the dominant shares: outstanding offers count as allocated in DRF.
        await cluster.StartAgentAsync("cpus:2;mem:64");
        await cluster.StartAgentAsync("cpus:2;mem:64");

        await Eventually.Until(() => Running(schedulers["a"]) + Running(schedulers["b"]) == 4,
            $"4 running tasks (a: {Running(schedulers["a"])}, b: {Running(schedulers["b"])})");

        string story = $"a launched [{string.Join(", ", Snapshot(launches["a"]))}] ({schedulers["a"].AllOffers.Count} offers, updates: {Updates(schedulers["a"])}), "
            + $"b launched [{string.Join(", ", Snapshot(launches["b"]))}] ({schedulers["b"].AllOffers.Count} offers, updates: {Updates(schedulers["b"])})";
        Assert.True(Running(schedulers["a"]) == 2 && Running(schedulers["b"]) == 2, story);
        Assert.True(Snapshot(launches["a"]).Count == 2 && Snapshot(launches["b"]).Count == 2, story);
    }

    private static List<string> Snapshot(List<string> launched)
    {
        lock (launched)
            return [.. launched];
    }

    private static string Updates(RecordingScheduler scheduler) =>
        string.Join("; ", scheduler.Updates.Select(s => $"{s.TaskId.Value} {s.State} {s.Reason} {s.Message}"));

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

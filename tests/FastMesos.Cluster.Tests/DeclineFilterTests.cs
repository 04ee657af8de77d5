using FastMesos.Cluster.Tests.Support;
using FastMesos.Messages;

namespace FastMesos.Cluster.Tests;

/// <summary>A decline with a long filter keeps the declined agents away; only new agents are offered.</summary>
public sealed class DeclineFilterTests
{
    [Fact]
    public async Task After_declining_everything_for_an_hour_only_newly_joined_agents_are_offered()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        string old1 = (await cluster.StartAgentAsync("cpus:1;mem:128")).Runtime.AgentId!;
        string old2 = (await cluster.StartAgentAsync("cpus:1;mem:128")).Runtime.AgentId!;
        var scheduler = new RecordingScheduler
        {
            OnOffers = (driver, offers) =>
            {
                foreach (Offer offer in offers)
                    driver.Decline(offer.Id, 3600);
            },
        };
        await cluster.SubscribeAsync(ClusterHarness.Framework("decliner"), scheduler);
        await Eventually.Until(() => OfferedAgents(scheduler).SetEquals([old1, old2]), "offers of both first agents");
        int firstRound = scheduler.AllOffers.Count;

        string new1 = (await cluster.StartAgentAsync("cpus:1;mem:128")).Runtime.AgentId!;
        await Eventually.First(() => scheduler.AllOffers, o => o.AgentId.Value == new1, "an offer of the third agent");
        // A fourth agent gives the allocator many more rounds in which it could wrongly re-offer the declined ones.
        string new2 = (await cluster.StartAgentAsync("cpus:1;mem:128")).Runtime.AgentId!;
        await Eventually.First(() => scheduler.AllOffers, o => o.AgentId.Value == new2, "an offer of the fourth agent");

        IReadOnlyList<Offer> all = scheduler.AllOffers;
        Assert.Equal(2, firstRound);
        var later = new List<string>();
        for (int i = firstRound; i < all.Count; i++)
            later.Add(all[i].AgentId.Value);
        Assert.Equal([new1, new2], later);
    }

    private static HashSet<string> OfferedAgents(RecordingScheduler scheduler)
    {
        var agents = new HashSet<string>();
        foreach (Offer offer in scheduler.AllOffers)
            agents.Add(offer.AgentId.Value);
        return agents;
    }
}

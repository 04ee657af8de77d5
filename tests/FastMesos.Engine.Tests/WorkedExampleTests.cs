using FastMesos.Messages;

namespace FastMesos.Engine.Tests;

/// <summary>The seed's worked example of the offer cycle (Mesos' architecture docs).</summary>
public class WorkedExampleTests
{
    [Fact]
    public void Agent_offers_to_framework1_leftover_goes_to_framework2_and_returns_when_tasks_finish()
    {
        var h = new EngineHarness();
        int fw1 = h.Framework("fw1");
        h.Agent("agent1", "cpus:4;mem:4096");

        // Run 1: the only agent goes to fw1 (both frameworks at share 0; fw1 registered first).
        int fw2 = h.Framework("fw2");
        List<OfferInfo> offers = h.Allocate();
        OfferInfo offer = Assert.Single(offers);
        Assert.Equal(fw1, offer.Framework);
        Assert.Equal(Resources.Parse("cpus:4;mem:4096"), offer.Resources);

        // fw1 launches <2 CPU, 1 GB> and <1 CPU, 2 GB>; the remaining <1 CPU, 1 GB> returns unfiltered.
        AcceptResult accepted = h.Launch(fw1, offer, ("t1", "cpus:2;mem:1024"), ("t2", "cpus:1;mem:2048"));
        Assert.True(accepted.OffersValid);
        Assert.All(accepted.Tasks, t => Assert.True(t.Launched));

        // Run 2: fw2 now has the lower share and gets the leftover.
        offers = h.Allocate();
        offer = Assert.Single(offers);
        Assert.Equal(fw2, offer.Framework);
        Assert.Equal(Resources.Parse("cpus:1;mem:1024"), offer.Resources);
        Assert.True(h.Allocator.Decline(fw2, offer.OfferId, refuseSeconds: 0));

        // The tasks finish: their resources are offered again, whole.
        Assert.True(h.UpdateTaskState(fw1, "t1", TaskState.Finished));
        Assert.True(h.UpdateTaskState(fw1, "t2", TaskState.Finished));
        offers = h.Allocate();
        offer = Assert.Single(offers);
        Assert.Equal(Resources.Parse("cpus:4;mem:4096"), offer.Resources);
    }
}

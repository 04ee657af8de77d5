using FastMesos.Messages;

namespace FastMesos.Engine.Tests;

/// <summary>
/// Offers with equal resources share one bag (a run offers the agents of one shape one after
/// another); an offer that differs in anything, a reservation's role included, gets its own.
/// </summary>
public class OfferedBagTests
{
    [Fact]
    public void Equal_offers_share_one_bag_and_any_difference_gets_its_own()
    {
        var h = new EngineHarness();
        h.Agent("a1", "cpus:4;mem:1024;ports:[31000-32000]");
        h.Agent("a2", "cpus:4;mem:1024;ports:[31000-32000]");
        h.Agent("a3", "cpus:4;mem:1024;ports:[31000-31999]");
        h.Agent("a4", "cpus:4;mem:1024;ports:[31000-32000]");
        h.Agent("a5", "cpus(web):4;mem:1024;ports:[31000-32000]");
        h.Agent("a6", "cpus(api):4;mem:1024;ports:[31000-32000]");
        h.Framework("f", "web");

        Dictionary<int, OfferInfo> offers = h.Allocate().ToDictionary(static o => o.Agent);
        Assert.Equal(6, offers.Count);
        Resources Bag(int agent) => offers[agent].Resources;

        for (int a = 0; a < 4; a++)
            Assert.Equal(a == 2 ? R("cpus:4;mem:1024;ports:[31000-31999]") : R("cpus:4;mem:1024;ports:[31000-32000]"), Bag(a));
        Assert.Equal(R("cpus(web):4;mem:1024;ports:[31000-32000]"), Bag(4));
        Assert.Equal(R("mem:1024;ports:[31000-32000]"), Bag(5));   // a6's cpus are reserved for another role

        // Asked again one after another, equal offers give the same instance.
        Assert.Same(h.Allocator.GetOffer(offers[0].OfferId).Resources, h.Allocator.GetOffer(offers[1].OfferId).Resources);
        Assert.NotSame(h.Allocator.GetOffer(offers[1].OfferId).Resources, h.Allocator.GetOffer(offers[2].OfferId).Resources);
        Assert.Equal(R("cpus:4;mem:1024;ports:[31000-32000]"), h.Allocator.GetOffer(offers[3].OfferId).Resources);
        Assert.Equal(R("cpus(web):4;mem:1024;ports:[31000-32000]"), h.Allocator.GetOffer(offers[4].OfferId).Resources);
        Assert.Equal(R("cpus:4;mem:1024;ports:[31000-32000]"), h.Allocator.GetOffer(offers[0].OfferId).Resources);
    }

    private static Resources R(string text) => Resources.Parse(text);
}

using FastMesos.Engine.Master;
using FastMesos.Messages;

namespace FastMesos.Engine.Tests.Master;

/// <summary>
/// A run that offers a framework more agents than one OFFERS event carries sends them in events of
/// at most <see cref="MasterCore.MaxOffersPerEvent"/>, in the allocator's order, each offer once;
/// a smaller run still sends one event.
/// </summary>
public sealed class MasterCoreOfferEventTests
{
    private const int FrameworkPeer = 100_000;

    [Fact]
    public void Offers_of_a_large_run_come_in_events_of_at_most_the_maximum()
    {
        var h = new MasterHarness();
        int agents = 2 * MasterCore.MaxOffersPerEvent + 500;
        for (int i = 0; i < agents; i++)
            h.Agent(i, "cpus:1;mem:64", "host-" + i);
        h.Framework(FrameworkPeer);

        h.Core.Allocate();
        List<OffersEvent> events = h.Out.Take<OffersEvent>(FrameworkPeer);

        Assert.Equal([MasterCore.MaxOffersPerEvent, MasterCore.MaxOffersPerEvent, 500], events.ConvertAll(static e => e.Offers.Count));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var hosts = new HashSet<string>(StringComparer.Ordinal);
        foreach (OffersEvent e in events)
        {
            foreach (Offer offer in e.Offers)
            {
                Assert.True(ids.Add(offer.Id.Value), $"offer {offer.Id.Value} sent twice");
                Assert.True(hosts.Add(offer.Hostname), $"{offer.Hostname} offered twice");
            }
        }

        Assert.Equal(agents, hosts.Count);
    }

    [Fact]
    public void A_run_within_the_maximum_sends_one_event()
    {
        var h = new MasterHarness();
        for (int i = 0; i < 3; i++)
            h.Agent(i, "cpus:1;mem:64", "host-" + i);
        h.Framework(FrameworkPeer);

        h.Core.Allocate();

        Assert.Equal(3, Assert.Single(h.Out.Take<OffersEvent>(FrameworkPeer)).Offers.Count);
    }
}

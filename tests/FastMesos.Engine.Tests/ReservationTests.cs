using FastMesos.Messages;
using static FastMesos.Engine.Tests.EngineHarness;

namespace FastMesos.Engine.Tests;

/// <summary>
/// Reservations: static (<c>cpus(web):2</c> in the agent's resources) and dynamic (RESERVE and
/// UNRESERVE through ACCEPT) resources are offered only to frameworks in the reserving role or
/// its descendants; persistent volumes are carved from reserved disk (CREATE / DESTROY).
/// </summary>
public class ReservationTests
{
    /// <summary>The reserved part of an offer for <paramref name="role"/>, as scalar amounts, checking its kind.</summary>
    private static (double Cpus, double Mem) ReservedPart(Resources resources, string role, ReservationType type)
    {
        Resources reserved = resources.Reserved();
        Assert.All(reserved, r => Assert.Equal((role, type), (r.Role, r.Reservation)));
        return (reserved.Cpus, reserved.Mem);
    }

    [Fact]
    public void Static_reservation_is_offered_to_the_role_and_its_descendants_never_to_another_role()
    {
        var h = new EngineHarness();
        int other = h.Framework("other-fw", "other");
        int webX = h.Framework("webx-fw", "web/x");
        h.Agent("agent1", "cpus:1;mem:512;cpus(web):2;mem(web):1024");

        // other 0, web 0 -> other (lower slot) gets the unreserved part only; the reservation stays
        // on the agent and goes to web/x, a descendant of web.
        List<OfferInfo> offers = h.Allocate();
        Assert.Equal(2, offers.Count);
        OfferInfo toOther = Assert.Single(offers, o => o.Framework == other);
        Assert.Equal(R("cpus:1;mem:512"), toOther.Resources);
        OfferInfo toWebX = Assert.Single(offers, o => o.Framework == webX);
        Assert.Equal("web/x", toWebX.Role);
        Assert.Equal(R("cpus(web):2;mem(web):1024"), toWebX.Resources);

        // Run after run, whatever the share order, other never sees the reservation.
        for (int i = 0; i < 5; i++)
        {
            foreach (OfferInfo o in offers)
                h.Decline(o.Framework, o, refuseSeconds: 0);
            offers = h.Tick();
            Assert.Contains(offers, o => o.Framework == webX && o.Resources.Reserved().Equals(R("cpus(web):2;mem(web):1024")));
            Assert.All(offers, o => Assert.True(o.Framework != other || o.Resources.Reserved().IsEmpty, $"other was offered {o.Resources}"));
        }
    }

    [Fact]
    public void Static_reservation_goes_to_the_role_itself_before_its_descendants()
    {
        var h = new EngineHarness();
        int webX = h.Framework("webx-fw", "web/x");
        int web = h.Framework("web-fw", "web");
        h.Agent("agent1", "cpus(web):2;mem(web):1024");

        // The walk visits a role's own frameworks before its children's.
        OfferInfo offer = Assert.Single(h.Allocate());
        Assert.Equal(web, offer.Framework);
        Assert.Equal("web", offer.Role);

        // Suppressed, web leaves the order and the reservation goes to web/x.
        h.Allocator.Suppress(web);
        h.Decline(web, offer, refuseSeconds: 0);
        offer = Assert.Single(h.Tick());
        Assert.Equal(webX, offer.Framework);
        Assert.Equal(R("cpus(web):2;mem(web):1024"), offer.Resources);
    }

    [Fact]
    public void Reserve_then_unreserve_through_accept()
    {
        var h = new EngineHarness();
        int web = h.Framework("web-fw", "web");
        int agent = h.Agent("agent1", "cpus:4;mem:4096");
        OfferInfo offer = Assert.Single(h.Allocate());
        Assert.Equal(R("cpus:4;mem:4096"), offer.Resources);

        // RESERVE <2 CPU, 1 GB> for web; the rest returns unfiltered.
        h.Apply(web, offer, OfferOperation.Reserve(R("cpus(web,ops):2;mem(web,ops):1024")));

        // The next offer shows the dynamic reservation next to the unreserved rest.
        offer = Assert.Single(h.Allocate());
        Assert.Equal(web, offer.Framework);
        Assert.Equal(R("cpus:2;mem:3072"), offer.Resources.Unreserved());
        Assert.Equal((2.0, 1024.0), ReservedPart(offer.Resources, "web", ReservationType.Dynamic));

        // A framework of another role sees only the unreserved part (web is suppressed, so it is
        // not competing); the reservation stays free on the agent.
        int other = h.Framework("other-fw", "other");
        h.Allocator.Suppress(web);
        h.Decline(web, offer, refuseSeconds: 0);
        offer = Assert.Single(h.Allocate());
        Assert.Equal(other, offer.Framework);
        Assert.Equal(R("cpus:2;mem:3072"), offer.Resources);
        Resources free = h.Allocator.FreeResources(agent);
        Assert.True(free.Unreserved().IsEmpty);
        Assert.Equal((2.0, 1024.0), ReservedPart(free, "web", ReservationType.Dynamic));
        h.Decline(other, offer, refuseSeconds: 0);

        // other steps aside; web revives, is offered both parts and UNRESERVEs.
        h.Allocator.Suppress(other);
        h.Allocator.Revive(web);
        offer = Assert.Single(h.Allocate());
        Assert.Equal(web, offer.Framework);
        Assert.Equal(R("cpus:2;mem:3072"), offer.Resources.Unreserved());
        h.Apply(web, offer, OfferOperation.Unreserve(R("cpus(web,ops):2;mem(web,ops):1024")));

        // Unreserved again: other is offered the whole agent.
        h.Allocator.Suppress(web);
        h.Allocator.Revive(other);
        offer = Assert.Single(h.Allocate());
        Assert.Equal(other, offer.Framework);
        Assert.Equal(R("cpus:4;mem:4096"), offer.Resources);
        Assert.Equal(R("cpus:4;mem:4096"), h.Allocator.TotalResources(agent));
    }

    [Fact]
    public void Reserve_for_another_role_is_refused_and_changes_nothing()
    {
        var h = new EngineHarness();
        int web = h.Framework("web-fw", "web");
        int agent = h.Agent("agent1", "cpus:4;mem:4096");
        OfferInfo offer = Assert.Single(h.Allocate());

        AcceptResult r = h.Allocator.Accept(web, [offer.OfferId], [OfferOperation.Reserve(R("cpus(db,ops):1"))], refuseSeconds: 0);
        Assert.True(r.OffersValid);
        Assert.False(Assert.Single(r.Operations).Applied);
        h.AssertConsistent();
        Assert.Equal(R("cpus:4;mem:4096"), h.Allocator.TotalResources(agent));
        Assert.Equal(R("cpus:4;mem:4096"), Assert.Single(h.Allocate()).Resources);
    }

    [Fact]
    public void Create_and_destroy_a_persistent_volume_on_reserved_disk()
    {
        var h = new EngineHarness();
        int db = h.Framework("db-fw", "db");
        int agent = h.Agent("agent1", "cpus:1;mem:1024;disk(db):1000");
        OfferInfo offer = Assert.Single(h.Allocate());
        Assert.Equal(R("cpus:1;mem:1024;disk(db):1000"), offer.Resources);

        // CREATE a 500 MB volume: it is carved out of the reserved disk and offered as a set item.
        var volume = new PersistentVolume("vol1", "db", Scalar.FromDouble(500));
        h.Apply(db, offer, OfferOperation.Create(volume));
        offer = Assert.Single(h.Allocate());
        Assert.Equal(R("cpus:1;mem:1024;disk(db):500;persistent_volumes(db):{vol1}"), offer.Resources);
        Assert.Equal(R("cpus:1;mem:1024;disk(db):500;persistent_volumes(db):{vol1}"), h.Allocator.TotalResources(agent));

        // A task mounts the volume: it is in use, so it is neither offered nor destroyable.
        AcceptResult launched = h.Launch(db, offer, ("t1", "cpus:0.5;mem:128;persistent_volumes(db):{vol1}"));
        Assert.True(launched.Tasks[0].Launched, launched.Tasks[0].Message);
        offer = Assert.Single(h.Allocate());
        Assert.Equal(R("cpus:0.5;mem:896;disk(db):500"), offer.Resources);
        AcceptResult destroy = h.Allocator.Accept(db, [offer.OfferId], [OfferOperation.Destroy(volume)], refuseSeconds: 0);
        Assert.False(Assert.Single(destroy.Operations).Applied);
        h.AssertConsistent();

        // The task finishes: the volume is offered again and DESTROY gives the disk back.
        Assert.True(h.UpdateTaskState(db, "t1", TaskState.Finished));
        offer = Assert.Single(h.Allocate());
        Assert.Equal(R("cpus:1;mem:1024;disk(db):500;persistent_volumes(db):{vol1}"), offer.Resources);
        h.Apply(db, offer, OfferOperation.Destroy(volume));
        offer = Assert.Single(h.Allocate());
        Assert.Equal(R("cpus:1;mem:1024;disk(db):1000"), offer.Resources);
        Assert.Equal(R("cpus:1;mem:1024;disk(db):1000"), h.Allocator.TotalResources(agent));
    }

    [Fact]
    public void Create_without_reserved_disk_is_refused()
    {
        var h = new EngineHarness();
        int db = h.Framework("db-fw", "db");
        h.Agent("agent1", "cpus:1;mem:1024;disk:1000");
        OfferInfo offer = Assert.Single(h.Allocate());

        AcceptResult r = h.Allocator.Accept(db, [offer.OfferId], [OfferOperation.Create(new PersistentVolume("vol1", "db", Scalar.FromDouble(100)))], refuseSeconds: 0);
        Assert.False(Assert.Single(r.Operations).Applied);
        h.AssertConsistent();
        Assert.Equal(R("cpus:1;mem:1024;disk:1000"), Assert.Single(h.Allocate()).Resources);
    }
}

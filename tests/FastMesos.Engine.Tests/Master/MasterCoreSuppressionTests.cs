using FastMesos.Messages;

namespace FastMesos.Engine.Tests.Master;

/// <summary>
/// A (re)subscription and UPDATE_FRAMEWORK set the framework's suppressed roles to exactly the ones
/// they name, as Mesos' allocator does (updateFramework): roles suppressed before and not named are
/// revived, others keep their offer filters.
/// </summary>
public sealed class MasterCoreSuppressionTests
{
    [Fact]
    public void A_scheduler_that_fails_over_gets_offers_again_though_its_old_connection_had_suppressed()
    {
        var h = new MasterHarness();
        h.Agent(1);
        string fw = h.Framework(10, failoverTimeout: 60);
        h.Core.OnSuppress(10, new SuppressCall { FrameworkId = new FrameworkId(fw) });
        Assert.Empty(h.Offers(10));   // the outstanding offer was sent at subscription; suppressed, none more

        h.Core.OnSchedulerDisconnected(10);
        h.Framework(11, failoverTimeout: 60, id: fw);

        Offer offer = Assert.Single(h.Offers(11));
        Assert.Equal(4, offer.Resources.Cpus);
    }

    [Fact]
    public void A_subscription_that_names_a_role_keeps_it_suppressed()
    {
        var h = new MasterHarness();
        h.Agent(1);
        string fw = h.Framework(10, failoverTimeout: 60, roles: ["web"]);
        h.Core.OnSchedulerDisconnected(10);
        h.Core.OnSubscribe(11, new SubscribeCall
        {
            Framework = new FrameworkInfo { User = "root", Name = "fw", Id = new FrameworkId(fw), FailoverTimeoutSeconds = 60, Roles = ["web"] },
            SuppressedRoles = ["web"],
        });
        Assert.Single(h.Out.Take<SubscribedEvent>(11));
        Assert.Empty(h.Offers(11));
        Assert.True(h.Core.Allocator.IsSuppressed(h.Core.FindFramework(fw)!.Slot, "web"));
    }

    [Fact]
    public void Update_framework_revives_only_the_roles_it_no_longer_suppresses_and_keeps_the_others_filters()
    {
        var h = new MasterHarness();
        h.Agent(1);
        string fw = h.Framework(10, capabilities: FastMesos.Messages.FrameworkCapabilities.MultiRole, roles: ["a", "b"]);
        // The agent goes to one role, which declines it for an hour; then to the other, which is
        // suppressed and gives it back.
        Offer first = Assert.Single(h.Offers(10));
        string filtered = first.AllocationRole!;
        h.Core.OnDecline(10, new DeclineCall { FrameworkId = new FrameworkId(fw), OfferIds = [first.Id], Filters = new Filters(3600) });
        Offer second = Assert.Single(h.Offers(10));
        string suppressed = second.AllocationRole!;
        Assert.NotEqual(filtered, suppressed);
        h.Core.OnSuppress(10, new SuppressCall { FrameworkId = new FrameworkId(fw), Roles = [suppressed] });
        h.Core.OnDecline(10, new DeclineCall { FrameworkId = new FrameworkId(fw), OfferIds = [second.Id], Filters = new Filters(0) });
        Assert.Empty(h.Offers(10));

        h.Core.OnUpdateFramework(10, new UpdateFrameworkCall { Framework = h.Core.FindFramework(fw)!.Info, SuppressedRoles = [] });

        // The suppressed role is revived; the other's hour-long filter still holds.
        Assert.Equal(suppressed, Assert.Single(h.Offers(10)).AllocationRole);
        Assert.False(h.Core.Allocator.IsSuppressed(h.Core.FindFramework(fw)!.Slot, suppressed));
    }
}

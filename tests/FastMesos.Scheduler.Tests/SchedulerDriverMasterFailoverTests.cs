using FastMesos.Coordination.Recipes;
using FastMesos.Master;
using FastMesos.Messages;

namespace FastMesos.Scheduler.Tests;

/// <summary>
/// A driver following the leading master through ZooKeeper (what <c>fastmesos execute --master
/// zk://</c> builds): when the leader goes, the driver dials the standby that takes over and
/// resubscribes with the same framework id.
/// </summary>
public sealed class SchedulerDriverMasterFailoverTests : IAsyncLifetime
{
    private HaMasters _cluster = null!;

    public async Task InitializeAsync() => _cluster = await HaMasters.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task The_driver_resubscribes_with_its_framework_id_to_the_new_leader()
    {
        (MasterHost leader, MasterHost standby) = await _cluster.StartPairAsync();
        await using ZooKeeperMasterLocator locator = ZooKeeperMasterLocator.Start(_cluster.Url);
        var scheduler = new RecordingScheduler();
        await using var driver = new SchedulerDriver(new SchedulerDriverOptions
        {
            MasterLocator = locator,
            Framework = DriverHarness.Framework(failoverTimeout: 3600),
            Reconnect = new() { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200) },
        }, scheduler);

        SubscribedEvent first = await driver.StartAsync().WaitAsync(Eventually.DefaultTimeout);
        FrameworkId id = first.FrameworkId;
        Assert.NotNull(leader.Server.Read(core => core.FindFramework(id.Value)));

        await _cluster.StopAsync(leader);
        await Eventually.Until(() => standby.Server.Leadership.IsElected, "the standby's election");

        await Eventually.Until(() => scheduler.Subscriptions.Count >= 2 && driver.IsSubscribed, "the resubscription with the new leader");
        Assert.Equal(id, scheduler.Subscriptions[^1].FrameworkId);
        Assert.NotEmpty(scheduler.Disconnects);
        Assert.NotNull(standby.Server.Read(core => core.FindFramework(id.Value)));
        Assert.Equal(standby.EndPoint, locator.Current);
        Assert.Equal(SchedulerDriverState.Running, driver.State);
    }
}

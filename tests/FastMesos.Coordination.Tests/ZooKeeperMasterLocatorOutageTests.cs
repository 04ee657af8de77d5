using System.Net;
using FastMesos.Coordination.Recipes;

namespace FastMesos.Coordination.Tests;

/// <summary>
/// The locator outlives ZooKeeper outages: it keeps trying while the server is down, forgets the
/// leader when its session expires (leaderless, as Mesos' agents), and finds it again with a new session.
/// </summary>
public sealed class ZooKeeperMasterLocatorOutageTests
{
    private static readonly ZooKeeperMasterLocatorOptions Options = new()
    {
        Client = new ZooKeeperClientOptions { SessionTimeout = TimeSpan.FromSeconds(2), ConnectTimeout = TimeSpan.FromSeconds(1) },
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        RetryMaxDelay = TimeSpan.FromMilliseconds(500),
    };

    [Fact]
    public async Task Keeps_trying_while_zookeeper_is_down_and_starts_over_after_the_session_expired()
    {
        await using ZooKeeperServer server = await ZooKeeperServer.StartNewAsync();
        string url = server.ConnectionString + "/mesos";
        await using (ZooKeeperClient setup = await ZooKeeperClient.ConnectAsync(server.ConnectionString))
        {
            await setup.CreateAsync("/mesos", []);
            // Persistent: the leader's node must outlive the sessions this test lets expire.
            await setup.CreateAsync("/mesos/" + MasterInfoReader.MemberPrefix, ZooKeeperMasterLocatorTests.MasterInfo("m", 15060), CreateMode.PersistentSequential);
        }

        await server.StopAsync();
        await using ZooKeeperMasterLocator locator = ZooKeeperMasterLocator.Start(url, Options);
        Task<EndPoint> waiting = locator.WaitForMasterAsync(CancellationToken.None).AsTask();
        await Eventually.Until(() => locator.Sessions == 0 && !waiting.IsCompleted, "the locator waiting without a server");

        await server.StartAsync();
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 15060), await waiting.WaitAsync(Eventually.DefaultTimeout));
        Assert.Equal(1, locator.Sessions);

        // Down for longer than the session timeout: the session expires and the leader is unknown.
        await server.StopAsync();
        await Eventually.Until(() => locator.Current is null, "the leader forgotten once the session expired");
        await server.StartAsync();
        await Eventually.Until(() => locator.Current is not null && locator.Sessions == 2, "a new session finding the leader again");
    }
}

using System.Net;
using System.Text;
using FastMesos.Coordination.Recipes;

namespace FastMesos.Coordination.Tests;

/// <summary>
/// --master=zk://: the locator follows the leader of a group of hand-made <c>json.info_</c> nodes
/// holding MasterInfo JSON on a real ZooKeeper server, as Mesos' masters write them.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class ZooKeeperMasterLocatorTests(ServerFixture fixture) : IAsyncLifetime
{
    private readonly string _group = "/locator-" + Guid.NewGuid().ToString("N")[..8] + "/mesos";
    private ZooKeeperClient _zk = null!;

    public async Task InitializeAsync() => _zk = await ZooKeeperClient.ConnectAsync(fixture.Server.ConnectionString);

    public async Task DisposeAsync() => await _zk.DisposeAsync();

    private string Url => fixture.Server.ConnectionString + _group;

    internal static byte[] MasterInfo(string id, int port) => Encoding.UTF8.GetBytes(
        $"{{\"id\":\"{id}\",\"ip\":16777343,\"port\":{port},\"pid\":\"master@127.0.0.1:{port}\",\"hostname\":\"localhost\"," +
        $"\"address\":{{\"hostname\":\"localhost\",\"ip\":\"127.0.0.1\",\"port\":{port}}}}}");

    private async Task<string> AddMasterAsync(ZooKeeperClient client, string id, int port)
    {
        await EnsureGroupAsync(client);
        return await client.CreateAsync(_group + "/" + MasterInfoReader.MemberPrefix, MasterInfo(id, port), CreateMode.EphemeralSequential);
    }

    private async Task EnsureGroupAsync(ZooKeeperClient client)
    {
        string parent = _group[.._group.LastIndexOf('/')];
        foreach (string path in new[] { parent, _group })
        {
            try
            {
                await client.CreateAsync(path, []);
            }
            catch (NodeExistsException)
            {
            }
        }
    }

    [Fact]
    public async Task Follows_the_lowest_member_and_moves_to_the_next_when_it_leaves()
    {
        string first = await AddMasterAsync(_zk, "master-1", 15050);
        await AddMasterAsync(_zk, "master-2", 15051);
        await using ZooKeeperMasterLocator locator = ZooKeeperMasterLocator.Start(Url);
        int changes = 0;
        locator.Changed += () => Interlocked.Increment(ref changes);

        EndPoint leader = await locator.WaitForMasterAsync(CancellationToken.None).AsTask().WaitAsync(Eventually.DefaultTimeout);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 15050), leader);
        Assert.Equal(Url, locator.ToString());

        int before = Volatile.Read(ref changes);
        await _zk.DeleteAsync(first);
        // Wait for the new leader itself: a Changed raised late by the initial reads can arrive
        // after 'before' was taken, so "one more change" alone raced with the delete (CI saw it).
        var next = new IPEndPoint(IPAddress.Loopback, 15051);
        await Eventually.Until(() => next.Equals(locator.Current) && Volatile.Read(ref changes) > before,
            "the next member followed, and Changed raised, after the leader's node went");
        Assert.Equal(next, await locator.WaitForMasterAsync(CancellationToken.None));
        Assert.Equal(1, locator.Sessions);
    }

    [Fact]
    public async Task Waits_while_the_group_has_no_leader_and_ignores_unreadable_leader_data()
    {
        await using ZooKeeperMasterLocator locator = ZooKeeperMasterLocator.Start(Url);
        Task<EndPoint> waiting = locator.WaitForMasterAsync(CancellationToken.None).AsTask();

        // The group does not exist yet, then holds a leader whose data is no MasterInfo.
        await EnsureGroupAsync(_zk);
        string junk = await _zk.CreateAsync(_group + "/" + MasterInfoReader.MemberPrefix, Encoding.UTF8.GetBytes("not json"), CreateMode.EphemeralSequential);
        await _zk.CreateAsync(_group + "/log_replicas", []); // other children do not count
        Assert.Null(locator.Current);
        Assert.False(waiting.IsCompleted);

        await AddMasterAsync(_zk, "master-2", 15052);
        await _zk.DeleteAsync(junk);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 15052), await waiting.WaitAsync(Eventually.DefaultTimeout));
    }

    [Fact]
    public void A_malformed_url_fails_at_once()
    {
        Assert.Throws<FormatException>(() => ZooKeeperMasterLocator.Start("zk://127.0.0.1:2181"));
        Assert.True(ZooKeeperMasterLocator.IsZooKeeperUrl("zk://h:1/mesos"));
        Assert.False(ZooKeeperMasterLocator.IsZooKeeperUrl("127.0.0.1:5050"));
    }

    [Theory]
    [InlineData("{\"pid\":\"master@10.0.0.1:5050\",\"address\":{\"hostname\":\"m\",\"ip\":\"10.0.0.2\",\"port\":5051}}", "10.0.0.2:5051")]
    [InlineData("{\"address\":{\"ip\":\"::1\",\"port\":5051}}", "[::1]:5051")]
    [InlineData("{\"pid\":\"master@10.0.0.1:5050\",\"port\":5050}", "10.0.0.1:5050")]
    [InlineData("{\"port\":5050}", null)]
    [InlineData("not json", null)]
    [InlineData("[1,2]", null)]
    public void Reads_the_address_from_MasterInfo_json(string json, string? expected)
    {
        bool ok = MasterInfoReader.TryReadEndPoint(Encoding.UTF8.GetBytes(json), out EndPoint? endPoint);
        Assert.Equal(expected is not null, ok);
        if (expected is not null)
            Assert.Equal(IPEndPoint.Parse(expected), endPoint);
    }
}

using System.Collections.Concurrent;
using System.Text;
using FastMesos.Coordination.Recipes;

namespace FastMesos.Coordination.Tests;

[Collection(SharedServer.Name)]
public sealed class LeaderElectionTests(ServerFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly string _group = "/election-" + Guid.NewGuid().ToString("N") + "/masters";
    private readonly List<ZooKeeperClient> _clients = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (ZooKeeperClient client in _clients)
            await client.DisposeAsync();
    }

    private async Task<ZooKeeperClient> NewClient()
    {
        ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(fixture.Server.ConnectionString);
        _clients.Add(client);
        return client;
    }

    private async Task<(ZooKeeperClient Client, LeaderElection Election)> Contender(string name)
    {
        ZooKeeperClient client = await NewClient();
        return (client, await LeaderElection.JoinAsync(client, _group, Encoding.UTF8.GetBytes(name), "json.info_"));
    }

    [Fact]
    public async Task Lowest_member_leads_and_the_next_takes_over_when_it_leaves()
    {
        (ZooKeeperClient aClient, LeaderElection a) = await Contender("a");
        (_, LeaderElection b) = await Contender("b");
        (_, LeaderElection c) = await Contender("c");
        await a.Elected.WaitAsync(Wait);
        Assert.EndsWith("json.info_0000000000", a.MemberPath, StringComparison.Ordinal);
        Assert.True(a.IsLeader);
        Assert.False(b.IsLeader);
        Assert.False(c.IsLeader);

        // The leader's session ends (a crashed master): its ephemeral node goes, b leads, c still waits.
        await aClient.DisposeAsync();
        await a.Ended.WaitAsync(Wait);
        await b.Elected.WaitAsync(Wait);
        Assert.False(a.IsLeader);
        Assert.False(c.IsLeader);

        await b.DisposeAsync();
        await c.Elected.WaitAsync(Wait);
        await c.DisposeAsync();
    }

    [Fact]
    public async Task Each_contender_watches_only_its_predecessor()
    {
        (ZooKeeperClient aClient, LeaderElection a) = await Contender("a");
        (ZooKeeperClient bClient, LeaderElection b) = await Contender("b");
        (ZooKeeperClient cClient, LeaderElection c) = await Contender("c");
        await a.Elected.WaitAsync(Wait);
        // A standby watches its predecessor and its own node; each watch is armed by its own
        // request, so wait until both are in place on both standbys before comparing the sets.
        await Eventually.Until(() => cClient.WatchedPaths().Data.Count >= 2 && bClient.WatchedPaths().Data.Count >= 2, "b and c watching two nodes each");
        Assert.Equal(Sorted(b.MemberPath, c.MemberPath), Sorted([.. cClient.WatchedPaths().Data]));
        Assert.Equal(Sorted(a.MemberPath, b.MemberPath), Sorted([.. bClient.WatchedPaths().Data]));
        Assert.Empty(cClient.WatchedPaths().Child);
        int bEvaluations = b.Evaluations;

        // The middle one leaves: only c (its successor) looks again and now watches a; b's neighbours are untouched.
        await b.DisposeAsync();
        await Eventually.Until(() => cClient.WatchedPaths().Data.Contains(a.MemberPath), "c watches a");
        Assert.True(a.IsLeader);
        Assert.False(c.IsLeader);
        Assert.Equal(bEvaluations, b.Evaluations);
        Assert.Equal([a.MemberPath], aClient.WatchedPaths().Data); // the leader watches only its own node
    }

    [Fact]
    public async Task Detector_follows_the_leader_and_its_data()
    {
        ZooKeeperClient observer = await NewClient();
        var seen = new ConcurrentQueue<LeaderInfo?>();
        await using LeaderDetector detector = LeaderDetector.Start(observer, _group, "json.info_");
        detector.LeaderChanged += seen.Enqueue;
        await Eventually.Until(() => !seen.IsEmpty, "the first report");
        Assert.Null(detector.Current);

        (ZooKeeperClient aClient, LeaderElection a) = await Contender("a");
        await Contender("b");
        await Eventually.Until(() => detector.Current?.Path == a.MemberPath, "a detected");
        Assert.Equal("a", Encoding.UTF8.GetString(detector.Current!.Data));

        await aClient.DisposeAsync();
        await Eventually.Until(() => detector.Current is { } leader && Encoding.UTF8.GetString(leader.Data) == "b", "b detected after a left");
    }

    private static List<string> Sorted(params string[] paths)
    {
        var list = new List<string>(paths);
        list.Sort(StringComparer.Ordinal);
        return list;
    }
}

using System.Diagnostics;
using System.Text;
using FastMesos.Coordination;
using FastMesos.Coordination.Recipes;
using FastMesos.Coordination.Tests;
using FastMesos.Master.Ha;

namespace FastMesos.Master.Tests;

/// <summary>
/// How masters' elections live through ZooKeeper trouble (specs/mesos.md §6.2–6.3), against a real
/// server that the tests kill and restart: a leader cut off longer than the session timeout (or whose
/// node goes) is lost, a standby whose session expires rejoins with a new member node, and with
/// digest credentials the election nodes are world-readable but creator-only otherwise.
/// </summary>
public sealed class MasterSessionTests : IAsyncLifetime
{
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(2);
    private readonly List<MasterElection> _elections = [];
    private readonly string _path = "/mesos-" + Guid.NewGuid().ToString("N")[..8];
    private ZooKeeperServer _zk = null!;

    public async Task InitializeAsync() => _zk = await ZooKeeperServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        foreach (MasterElection election in _elections)
            await election.DisposeAsync();
        await _zk.DisposeAsync();
    }

    private async Task<(MasterElection Election, MasterLeadership Leadership)> StartAsync(string id, string? credentials = null)
    {
        var leadership = new MasterLeadership(elected: false);
        string url = $"zk://{(credentials is null ? "" : credentials + "@")}127.0.0.1:{_zk.Port}{_path}";
        byte[] info = Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","pid":"master@127.0.0.1:5050","port":5050,"hostname":"{{id}}"}""");
        MasterElection election = await MasterElection.StartAsync(
            new MasterZooKeeperOptions { Url = url, Quorum = 1, SessionTimeout = SessionTimeout, RejoinDelay = TimeSpan.FromMilliseconds(200) },
            info, leadership);
        _elections.Add(election);
        return (election, leadership);
    }

    [Fact]
    public async Task A_leader_cut_off_from_ZooKeeper_longer_than_the_session_timeout_is_lost()
    {
        (MasterElection leader, MasterLeadership leadership) = await StartAsync("m1");
        await Eventually.Until(() => leadership.IsElected, "the election");
        Assert.Equal(SessionTimeout, leader.Client.SessionTimeout);

        var clock = Stopwatch.StartNew();
        await _zk.StopAsync();
        await leader.Lost.WaitAsync(SessionTimeout + TimeSpan.FromSeconds(5));

        // Not at the first disconnection: the session might still have been resumed until then.
        Assert.True(clock.Elapsed >= SessionTimeout * 0.8, $"lost after {clock.Elapsed}");
        Assert.NotNull(leader.LostReason);
    }

    [Fact]
    public async Task A_standby_whose_session_expired_rejoins_and_is_elected_when_the_leader_leaves()
    {
        (MasterElection leader, MasterLeadership leaderLeadership) = await StartAsync("m1");
        (MasterElection standby, MasterLeadership standbyLeadership) = await StartAsync("m2");
        await Eventually.Until(() => leaderLeadership.IsElected && standbyLeadership.Leader?.Id == "m1", "election and detection");
        string oldMember = standby.MemberPath;
        long oldSession = standby.Client.SessionId;

        // Down longer than the session timeout: both sessions expire; only the leader's loss is fatal.
        await _zk.StopAsync();
        await leader.Lost.WaitAsync(TimeSpan.FromSeconds(10));
        // (An expired client the standby already replaced is Closed.)
        await Eventually.Until(() => standby.Client.State is ZooKeeperState.Expired or ZooKeeperState.Closed || standby.Rejoins > 0, "the standby's session expiring");
        await _zk.StartAsync();

        await Eventually.Until(() => standby.Rejoins == 1, "the standby rejoining with a new session");
        Assert.NotEqual(oldMember, standby.MemberPath);
        Assert.NotEqual(oldSession, standby.Client.SessionId);
        Assert.Equal(ZooKeeperState.Connected, standby.Client.State);
        Assert.False(standby.Lost.IsCompleted);
        Assert.False(standbyLeadership.IsElected);

        // The lost leader exits; its old session ends on the server and the standby's new node leads.
        _elections.Remove(leader);
        await leader.DisposeAsync();
        await Eventually.Until(() => standbyLeadership.IsElected, "the rejoined standby's election");
        await Eventually.Until(() => standbyLeadership.Leader?.Id == "m2", "the standby's new detector seeing itself lead");
        Assert.False(standby.Lost.IsCompleted);
    }

    [Fact]
    public async Task A_deleted_member_node_makes_a_standby_rejoin_and_a_leader_lost()
    {
        (MasterElection leader, MasterLeadership leaderLeadership) = await StartAsync("m1");
        (MasterElection standby, _) = await StartAsync("m2");
        await Eventually.Until(() => leaderLeadership.IsElected, "the election");
        string oldMember = standby.MemberPath;

        await using ZooKeeperClient operator_ = await ZooKeeperClient.ConnectAsync(_zk.ConnectionString);
        await operator_.DeleteAsync(oldMember);
        await Eventually.Until(() => standby.Rejoins == 1, "the standby rejoining");
        Assert.NotEqual(oldMember, standby.MemberPath);
        Assert.NotNull(await operator_.ExistsAsync(standby.MemberPath));
        Assert.False(standby.Lost.IsCompleted);

        await operator_.DeleteAsync(leader.MemberPath);
        await leader.Lost.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("deleted", leader.LostReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_credentials_the_election_nodes_are_world_readable_and_creator_only()
    {
        (MasterElection leader, MasterLeadership leaderLeadership) = await StartAsync("m1", "master:secret");
        (MasterElection standby, _) = await StartAsync("m2", "master:secret");
        await Eventually.Until(() => leaderLeadership.IsElected, "the election");
        Assert.Equal(Acl.EveryoneReadCreatorAll, leader.NodeAcl);

        await using ZooKeeperClient anonymous = await ZooKeeperClient.ConnectAsync(_zk.ConnectionString);
        List<Acl> expected = [new Acl(AclPermissions.Read, "world", "anyone"), new Acl(AclPermissions.All, "digest", "master:x")];
        Assert.Equal(expected, (await anonymous.GetAclAsync(_path)).Acl);
        Assert.Equal(expected, (await anonymous.GetAclAsync(leader.MemberPath)).Acl);
        Assert.Equal(expected, (await anonymous.GetAclAsync(standby.MemberPath)).Acl);

        // A detector without credentials (an agent's) still finds the leader, but cannot unseat it.
        await using LeaderDetector detector = LeaderDetector.Start(anonymous, _path, MasterElection.MemberPrefix);
        await Eventually.Until(() => detector.Current?.Path == leader.MemberPath, "the anonymous detector");
        await Assert.ThrowsAsync<NoAuthException>(() => anonymous.DeleteAsync(leader.MemberPath));
        await Assert.ThrowsAsync<NoAuthException>(() => anonymous.SetDataAsync(leader.MemberPath, []));
        await Assert.ThrowsAsync<NoAuthException>(() => anonymous.CreateAsync(_path + "/" + MasterElection.MemberPrefix, [], CreateMode.EphemeralSequential));
        Assert.False(leader.Lost.IsCompleted);

        // Without credentials a master's nodes stay open, as before.
        await using ZooKeeperClient owner = await ZooKeeperClient.ConnectAsync($"zk://master:secret@127.0.0.1:{_zk.Port}");
        await owner.DeleteAsync(standby.MemberPath);
        await Eventually.Until(() => standby.Rejoins == 1, "the standby rejoining after its node was deleted by the owner");
    }
}

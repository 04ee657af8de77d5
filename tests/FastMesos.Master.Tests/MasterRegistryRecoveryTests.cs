using System.Text.Json;
using FastMesos.Coordination;
using FastMesos.Engine.Master;
using FastMesos.Master.Ha;
using FastMesos.Master.Registry;
using FastMesos.Master.Tests.Support;
using FastMesos.Messages;
using FastMesos.Transport.Connections;

namespace FastMesos.Master.Tests;

/// <summary>
/// HA masters on a real ZooKeeper 3.8 server hand the registry over: the leader stores it under
/// <c>&lt;path&gt;/registry</c> before answering a registration, the standby that takes over recovers
/// it (<c>recovered_slaves</c>), and an agent that does not come back within
/// <c>--agent_reregister_timeout</c> is marked unreachable.
/// </summary>
public sealed class MasterRegistryRecoveryTests : IAsyncLifetime
{
    private HaMasters _ha = null!;

    public async Task InitializeAsync() => _ha = await HaMasters.StartAsync();

    public async Task DisposeAsync() => await _ha.DisposeAsync();

    private static async Task<JsonElement> GetJsonAsync(MasterHost master, string path)
    {
        using var http = new HttpClient { BaseAddress = master.Url, Timeout = TimeSpan.FromSeconds(10) };
        return JsonDocument.Parse(await http.GetStringAsync(path)).RootElement.Clone();
    }

    private static RegisterAgent Registration(string hostname) => new()
    {
        Agent = new AgentInfo { Hostname = hostname, Port = 5051, Resources = Resources.Parse("cpus:2;mem:1024") },
        Version = "1.11.0",
    };

    [Fact]
    public async Task The_standby_recovers_the_registry_and_marks_agents_that_stay_away_unreachable()
    {
        MasterHost leader = await _ha.StartMasterAsync("master-1", TimeSpan.FromSeconds(3));
        MasterHost standby = await _ha.StartMasterAsync("master-2", TimeSpan.FromSeconds(3));
        await Eventually.Until(() => leader.Server.Leadership.IsElected && standby.Server.Leadership.Leader is not null, "election and detection");

        string returning, missing;
        await using (WirePeer a = await WirePeer.DialAsync(leader.EndPoint, PeerRole.Agent))
        await using (WirePeer b = await WirePeer.DialAsync(leader.EndPoint, PeerRole.Agent))
        {
            a.Send(Registration("returning"));
            b.Send(Registration("missing"));
            returning = (await a.NextAsync<AgentRegistered>()).AgentId.Value;
            missing = (await b.NextAsync<AgentRegistered>()).AgentId.Value;
        }

        // Answered means stored: the registry znode lists both agents.
        await using (ZooKeeperClient zk = await ZooKeeperClient.ConnectAsync(_ha.ZooKeeper.ConnectionString))
        {
            var store = new Coordination.Recipes.StateStore(zk, ZooKeeperRegistryStore.RootFor(_ha.Path));
            MasterRegistry stored = RegistryCodec.Decode((await store.GetAsync("registry"))!.Value);
            Assert.Equal(new[] { missing, returning }.Order(StringComparer.Ordinal), stored.Agents.Select(x => x.Info.Id!.Value.Value).Order(StringComparer.Ordinal));
        }

        await _ha.StopAsync(leader);
        await Eventually.Until(() => standby.Server.Leadership.IsElected, "the standby's election and recovery");

        JsonElement state = await GetJsonAsync(standby, "/master/state");
        Assert.Equal(new[] { missing, returning }.Order(StringComparer.Ordinal),
            state.GetProperty("recovered_slaves").EnumerateArray().Select(x => x.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.Empty(state.GetProperty("slaves").EnumerateArray());

        await using WirePeer back = await WirePeer.DialAsync(standby.EndPoint, PeerRole.Agent);
        back.Send(new ReregisterAgent { Agent = Registration("returning").Agent with { Id = new AgentId(returning) }, Version = "1.11.0" });
        Assert.Equal(returning, (await back.NextAsync<AgentReregistered>()).AgentId.Value);

        // The other one never comes back: after the re-register timeout it is unreachable.
        await Eventually.Until(() => standby.Server.Read(c => c.FindAgent(missing)!.State == AgentState.Unreachable), "the missing agent marked unreachable");
        JsonElement metrics = await GetJsonAsync(standby, "/metrics/snapshot");
        Assert.Equal(1, metrics.GetProperty("master/recovery_slave_removals").GetDouble());
        Assert.Equal(1, metrics.GetProperty("master/slaves_unreachable").GetDouble());
        Assert.Equal(1, metrics.GetProperty("master/slaves_active").GetDouble());
        Assert.True(metrics.GetProperty("registrar/registry_size_bytes").GetDouble() > 0);
        JsonElement after = await GetJsonAsync(standby, "/master/state");
        Assert.Equal(returning, Assert.Single(after.GetProperty("slaves").EnumerateArray()).GetProperty("id").GetString());
        Assert.Empty(after.GetProperty("recovered_slaves").EnumerateArray());
        Assert.False(standby.LeadershipLost.IsCompleted);
    }

    [Fact]
    public async Task With_credentials_only_masters_of_that_user_can_read_the_registry()
    {
        string url = $"zk://fastmesos:secret@127.0.0.1:{_ha.ZooKeeper.Port}{_ha.Path}-secured";
        await using (ZooKeeperRegistryStore store = await ZooKeeperRegistryStore.ConnectAsync(new MasterZooKeeperOptions { Url = url, Quorum = 1 }))
        {
            Assert.Null(await store.FetchAsync());
            await store.StoreAsync(RegistryCodec.Encode(MasterRegistry.Empty));
        }

        string key = ZooKeeperRegistryStore.RootFor(_ha.Path + "-secured") + "/registry";
        await using (ZooKeeperClient anonymous = await ZooKeeperClient.ConnectAsync(_ha.ZooKeeper.ConnectionString))
            await Assert.ThrowsAsync<NoAuthException>(() => anonymous.GetDataAsync(key));

        // Another master with the same credentials (a successor) reads it.
        await using ZooKeeperRegistryStore successor = await ZooKeeperRegistryStore.ConnectAsync(new MasterZooKeeperOptions { Url = url, Quorum = 1 });
        Assert.Empty(RegistryCodec.Decode((await successor.FetchAsync())!).Agents);
    }
}

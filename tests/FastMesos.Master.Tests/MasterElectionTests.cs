using System.Net;
using System.Text;
using System.Text.Json;
using FastMesos.Coordination;
using FastMesos.Master.Ha;
using FastMesos.Master.Tests.Support;
using FastMesos.Messages;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Messaging;

namespace FastMesos.Master.Tests;

/// <summary>
/// HA masters (--zk) on one real ZooKeeper 3.8 server: the election's znodes hold Mesos' MasterInfo
/// JSON, exactly one master leads, standbys turn peers away and point HTTP at the leader, and a
/// standby takes over as soon as the leader leaves.
/// </summary>
public sealed class MasterElectionTests : IAsyncLifetime
{
    private HaMasters _ha = null!;

    public async Task InitializeAsync() => _ha = await HaMasters.StartAsync();

    public async Task DisposeAsync() => await _ha.DisposeAsync();

    private Task<MasterHost> StartMasterAsync(string id) => _ha.StartMasterAsync(id);

    private static async Task<JsonElement> GetJsonAsync(MasterHost master, string path)
    {
        using var http = new HttpClient { BaseAddress = master.Url, Timeout = TimeSpan.FromSeconds(10) };
        string body = await http.GetStringAsync(path);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<(HttpStatusCode Status, string? Location)> RedirectAsync(MasterHost master)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = master.Url, Timeout = TimeSpan.FromSeconds(10) };
        using HttpResponseMessage response = await http.GetAsync("/master/redirect");
        return (response.StatusCode, response.Headers.Location?.OriginalString);
    }

    private static string Pid(MasterHost master) => $"master@127.0.0.1:{master.EndPoint.Port}";

    private static RegisterAgent Registration() => new()
    {
        Agent = new AgentInfo { Hostname = "host-a", Port = 5051, Resources = Resources.Parse("cpus:2;mem:1024") },
        Version = "1.11.0",
    };

    [Fact]
    public async Task Three_masters_elect_exactly_one_whose_znode_holds_MasterInfo_json()
    {
        MasterHost first = await StartMasterAsync("master-1");
        MasterHost second = await StartMasterAsync("master-2");
        MasterHost third = await StartMasterAsync("master-3");

        // The first to join has the smallest sequence number, so it leads; the others detect it.
        await Eventually.Until(() => first.Server.Leadership.IsElected, "the first master's election");
        await Eventually.Until(() => second.Server.Leadership.Leader?.Id == "master-1" && third.Server.Leadership.Leader?.Id == "master-1",
            "the standbys detecting the leader");
        Assert.False(second.Server.Leadership.IsElected);
        Assert.False(third.Server.Leadership.IsElected);

        await using ZooKeeperClient zk = await ZooKeeperClient.ConnectAsync(_ha.ZooKeeper.ConnectionString);
        (List<string> all, _) = await zk.GetChildrenAsync(_ha.Path);
        // The group also holds the registry (registry/) next to the members.
        List<string> children = all.FindAll(static c => c.StartsWith(MasterElection.MemberPrefix, StringComparison.Ordinal));
        children.Sort(StringComparer.Ordinal);
        Assert.Equal(3, children.Count);
        Assert.All(children, c => Assert.Matches("^json\\.info_[0-9]{10}$", c));
        Assert.Equal(_ha.Path + "/" + children[0], first.Election!.MemberPath);

        (byte[] data, _) = await zk.GetDataAsync(_ha.Path + "/" + children[0]);
        JsonElement info = JsonDocument.Parse(Encoding.UTF8.GetString(data)).RootElement;
        int port = first.EndPoint.Port;
        Assert.Equal("master-1", info.GetProperty("id").GetString());
        Assert.Equal(16777343u, info.GetProperty("ip").GetUInt32()); // 127.0.0.1 as in_addr.s_addr
        Assert.Equal(port, info.GetProperty("port").GetInt32());
        Assert.Equal(Pid(first), info.GetProperty("pid").GetString());
        Assert.Equal("localhost", info.GetProperty("hostname").GetString());
        Assert.Equal("1.11.0", info.GetProperty("version").GetString());
        JsonElement address = info.GetProperty("address");
        Assert.Equal("localhost", address.GetProperty("hostname").GetString());
        Assert.Equal("127.0.0.1", address.GetProperty("ip").GetString());
        Assert.Equal(port, address.GetProperty("port").GetInt32());
        Assert.All(info.GetProperty("capabilities").EnumerateArray(), c => Assert.False(string.IsNullOrEmpty(c.GetProperty("type").GetString())));
    }

    [Fact]
    public async Task Standbys_redirect_to_the_leader_report_it_and_refuse_agents()
    {
        MasterHost leader = await StartMasterAsync("master-1");
        MasterHost standby = await StartMasterAsync("master-2");
        await Eventually.Until(() => leader.Server.Leadership.IsElected && standby.Server.Leadership.Leader is not null, "election and detection");

        Assert.Equal((HttpStatusCode.TemporaryRedirect, $"//localhost:{leader.EndPoint.Port}"), await RedirectAsync(standby));
        Assert.Equal((HttpStatusCode.TemporaryRedirect, $"//localhost:{leader.EndPoint.Port}"), await RedirectAsync(leader));

        Assert.Equal(1, (await GetJsonAsync(leader, "/metrics/snapshot")).GetProperty("master/elected").GetDouble());
        Assert.Equal(0, (await GetJsonAsync(standby, "/metrics/snapshot")).GetProperty("master/elected").GetDouble());

        foreach (string path in new[] { "/master/state", "/master/state-summary" })
        {
            JsonElement onStandby = await GetJsonAsync(standby, path);
            Assert.Equal(Pid(leader), onStandby.GetProperty("leader").GetString());
            Assert.Equal("master-1", onStandby.GetProperty("leader_info").GetProperty("id").GetString());
            JsonElement onLeader = await GetJsonAsync(leader, path);
            Assert.Equal(Pid(leader), onLeader.GetProperty("leader").GetString());
        }

        Assert.False((await GetJsonAsync(standby, "/master/state")).TryGetProperty("elected_time", out _));

        // The standby closes an agent's connection instead of registering it.
        WirePeer? agent = null;
        try
        {
            agent = await WirePeer.DialAsync(standby.EndPoint, PeerRole.Agent);
            agent.Connection.TrySendMessage(Registration());
            await Eventually.Until(() => agent.Closed is not null, "the standby closing the agent's connection");
        }
        catch (ConnectionClosedException)
        {
            // Closed before the dial completed: refused just the same.
        }
        finally
        {
            if (agent is not null)
                await agent.DisposeAsync();
        }

        Assert.Equal(0, standby.Server.Read(static core => core.Agents.Count()));
    }

    [Fact]
    public async Task When_the_leader_leaves_a_standby_takes_over_and_accepts_agents()
    {
        MasterHost leader = await StartMasterAsync("master-1");
        MasterHost standby = await StartMasterAsync("master-2");
        await Eventually.Until(() => leader.Server.Leadership.IsElected && standby.Server.Leadership.Leader is not null, "election and detection");

        await _ha.StopAsync(leader);
        // Disposal deletes the member node and closes the session: no session timeout to wait for.
        await Eventually.Until(() => standby.Server.Leadership.IsElected, "the standby's election", TimeSpan.FromSeconds(5));
        Assert.Equal(1, (await GetJsonAsync(standby, "/metrics/snapshot")).GetProperty("master/elected").GetDouble());
        Assert.Equal(Pid(standby), (await GetJsonAsync(standby, "/master/state")).GetProperty("leader").GetString());

        await using WirePeer agent = await WirePeer.DialAsync(standby.EndPoint, PeerRole.Agent);
        agent.Send(Registration());
        AgentRegistered registered = await agent.NextAsync<AgentRegistered>();
        Assert.False(string.IsNullOrEmpty(registered.AgentId.Value));
        Assert.False(standby.LeadershipLost.IsCompleted);
    }
}

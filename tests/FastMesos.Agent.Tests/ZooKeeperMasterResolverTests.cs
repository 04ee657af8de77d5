using System.Net;
using System.Text;
using FastMesos.Agent.Cli;
using FastMesos.Coordination.Tests;
using FastMesos.Engine.Master;
using FastMesos.Master;
using FastMesos.Master.Ha;

namespace FastMesos.Agent.Tests;

/// <summary>--master=zk://: the agent finds the leading master through a real ZooKeeper server.</summary>
public sealed class ZooKeeperMasterResolverTests
{
    [Fact]
    public async Task Resolves_the_elected_masters_wire_address()
    {
        await using ZooKeeperServer zk = await ZooKeeperServer.StartNewAsync();
        string url = zk.ConnectionString + "/mesos";
        var options = new MasterServerOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Core = new MasterOptions { MasterId = "m1", Ip = "127.0.0.1", Hostname = "localhost" },
            ZooKeeper = new MasterZooKeeperOptions { Url = url, Quorum = 1, SessionTimeout = TimeSpan.FromSeconds(4) },
        };
        await using MasterHost master = await MasterHost.StartAsync(options);

        EndPoint found = await ZooKeeperMasterResolver.ResolveAsync(url, TimeSpan.FromSeconds(15));
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, master.EndPoint.Port), found);
    }

    [Fact]
    public async Task No_leader_in_time_is_a_timeout()
    {
        await using ZooKeeperServer zk = await ZooKeeperServer.StartNewAsync();
        await Assert.ThrowsAsync<TimeoutException>(() => ZooKeeperMasterResolver.ResolveAsync(zk.ConnectionString + "/empty", TimeSpan.FromSeconds(2)));
    }

    [Theory]
    [InlineData("{\"pid\":\"master@10.0.0.1:5050\",\"address\":{\"hostname\":\"m\",\"ip\":\"10.0.0.2\",\"port\":5051}}", "10.0.0.2:5051")]
    [InlineData("{\"pid\":\"master@10.0.0.1:5050\",\"port\":5050}", "10.0.0.1:5050")]
    [InlineData("{\"port\":5050}", null)]
    [InlineData("not json", null)]
    [InlineData("[1,2]", null)]
    public void Reads_the_address_from_MasterInfo_json(string json, string? expected)
    {
        bool ok = ZooKeeperMasterResolver.TryReadEndPoint(Encoding.UTF8.GetBytes(json), out EndPoint? endPoint);
        Assert.Equal(expected is not null, ok);
        if (expected is not null)
            Assert.Equal(IPEndPoint.Parse(expected), endPoint);
    }
}

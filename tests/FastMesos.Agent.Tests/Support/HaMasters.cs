using System.Net;
using FastMesos.Coordination.Tests;
using FastMesos.Engine;
using FastMesos.Engine.Master;
using FastMesos.Master;
using FastMesos.Master.Ha;

namespace FastMesos.Testing;

/// <summary>
/// A real ZooKeeper server and HA masters (--zk) on loopback, for the tests of what follows the
/// leading master (agents, scheduler drivers) and of the masters' election and registry. Linked into
/// the Agent, Scheduler and Master test projects.
/// </summary>
internal sealed class HaMasters : IAsyncDisposable
{
    private readonly string _path = "/mesos-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<MasterHost> _masters = [];

    private HaMasters(ZooKeeperServer zk) => ZooKeeper = zk;

    public ZooKeeperServer ZooKeeper { get; }

    /// <summary>The masters' group znode, e.g. <c>/mesos-1a2b3c4d</c>.</summary>
    public string Path => _path;

    /// <summary>The --zk / --master=zk:// url of the masters' group.</summary>
    public string Url => ZooKeeper.ConnectionString + _path;

    public static async Task<HaMasters> StartAsync() => new(await ZooKeeperServer.StartNewAsync());

    /// <summary>Starts a master that stands for election; the first one started leads.</summary>
    public async Task<MasterHost> StartMasterAsync(string id, TimeSpan? agentReregisterTimeout = null)
    {
        MasterHost master = await MasterHost.StartAsync(new MasterServerOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Core = new MasterOptions
            {
                MasterId = id,
                Ip = "127.0.0.1",
                Hostname = "localhost",
                AgentReregisterTimeout = agentReregisterTimeout ?? TimeSpan.FromMinutes(10),
                Allocator = new AllocatorOptions { AllocationInterval = TimeSpan.FromMilliseconds(20) },
            },
            TickInterval = TimeSpan.FromMilliseconds(10),
            ZooKeeper = new MasterZooKeeperOptions { Url = Url, Quorum = 1, SessionTimeout = TimeSpan.FromSeconds(4) },
        });
        _masters.Add(master);
        return master;
    }

    /// <summary>A leader, then a standby that has detected it.</summary>
    public async Task<(MasterHost Leader, MasterHost Standby)> StartPairAsync()
    {
        MasterHost leader = await StartMasterAsync("master-1");
        await Eventually.Until(() => leader.Server.Leadership.IsElected, "the first master's election");
        MasterHost standby = await StartMasterAsync("master-2");
        await Eventually.Until(() => standby.Server.Leadership.Leader is not null, "the standby detecting the leader");
        return (leader, standby);
    }

    /// <summary>Stops <paramref name="master"/> (its member node goes with its session).</summary>
    public async Task StopAsync(MasterHost master)
    {
        _masters.Remove(master);
        await master.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (MasterHost master in _masters)
            await master.DisposeAsync();
        await ZooKeeper.DisposeAsync();
    }
}

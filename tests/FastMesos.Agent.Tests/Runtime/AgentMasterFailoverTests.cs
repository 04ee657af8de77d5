using FastMesos.Agent.Runtime;
using FastMesos.Coordination.Recipes;
using FastMesos.Master;
using FastMesos.Messages;

namespace FastMesos.Agent.Tests.Runtime;

/// <summary>
/// --master=zk://: two HA masters on a real ZooKeeper; the agent follows the elected one and, when
/// it goes, re-registers with the standby that takes over, under the same id and with its task.
/// </summary>
public sealed class AgentMasterFailoverTests : IAsyncLifetime
{
    private readonly string _workDir = Path.Combine(Path.GetTempPath(), "fastmesos-agent-tests", Guid.NewGuid().ToString("N"));
    private readonly List<string> _log = [];
    private HaMasters _cluster = null!;

    public async Task InitializeAsync() => _cluster = await HaMasters.StartAsync();

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        if (Directory.Exists(_workDir))
            Directory.Delete(_workDir, recursive: true);
    }

    [Fact]
    public async Task The_agent_follows_the_leader_through_zookeeper_and_reregisters_with_the_standby_that_takes_over()
    {
        (MasterHost leader, MasterHost standby) = await _cluster.StartPairAsync();
        await using ZooKeeperMasterLocator locator = ZooKeeperMasterLocator.Start(_cluster.Url, new ZooKeeperMasterLocatorOptions { Log = Log });
        var containerizer = new FakeContainerizer();
        await using AgentRuntime agent = await AgentRuntime.StartAsync(new AgentOptions
        {
            MasterLocator = locator,
            WorkDir = _workDir,
            Containerizer = containerizer,
            Hostname = "agent-host",
            Resources = Resources.Parse("cpus:4;mem:1024"),
            RegistrationBackoffFactor = TimeSpan.FromMilliseconds(50),
            ReconnectBaseDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
            TickInterval = TimeSpan.FromMilliseconds(10),
            SyncCheckpoints = false,
            Log = Log,
        });
        await Eventually.Until(() => agent.Registered, "the agent's registration with the leader");
        string id = agent.AgentId!;
        Assert.NotNull(leader.Server.Read(core => core.FindAgent(id)));
        Assert.Equal("127.0.0.1", agent.Read(s => s.MasterHostname));

        await using (TestScheduler scheduler = await TestScheduler.SubscribeAsync(leader.EndPoint))
        {
            await scheduler.LaunchAsync("t1");
            await Eventually.Until(() => scheduler.States("t1").Contains(TaskState.Running), "t1 running");
        }

        await _cluster.StopAsync(leader);
        await Eventually.Until(() => standby.Server.Leadership.IsElected, "the standby's election");

        await Eventually.Until(() => standby.Server.Read(core => core.FindAgent(id)?.TaskCount) == 1,
            "the agent re-registered with the new leader, with its task");
        await Eventually.Until(() => agent.Registered && agent.Read(s => s.Counters.Reregistrations) >= 1, "the agent's view of it");
        Assert.Equal(id, agent.AgentId);
        Assert.Equal(standby.EndPoint, locator.Current);
        Assert.Single(containerizer.Launches);
        lock (_log)
            Assert.Contains(_log, line => line.Contains($"dialing the master at {standby.EndPoint}", StringComparison.Ordinal));
    }

    private void Log(string line)
    {
        lock (_log)
            _log.Add(line);
    }
}

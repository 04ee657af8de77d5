using FastMesos.Agent.Runtime;
using FastMesos.Transport.Heartbeats;
using AgentState = FastMesos.Engine.Master.AgentState;

namespace FastMesos.Agent.Tests.Runtime;

/// <summary>
/// The agent takes the master's datagram heartbeat channel: with a 100 ms ping interval its pings
/// arrive as datagrams and its pongs keep it connected; after a reconnection it takes the new
/// connection's channel (a new slot and token) and carries on.
/// </summary>
public sealed class AgentDatagramHeartbeatTests : IAsyncLifetime
{
    private AgentCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await AgentCluster.StartAsync(pingInterval: TimeSpan.FromMilliseconds(100));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Pings_come_as_datagrams_and_the_pongs_keep_the_agent_connected()
    {
        AgentRuntime agent = await _cluster.StartAgentAsync();
        await Eventually.Until(() => agent.Read(s => s.Counters.DatagramPings) >= 5, "five datagram pings");

        // From here on, twenty more pings come as datagrams and nothing falls back, re-registers or
        // drops a datagram. (Measured from here because a process starved of pool threads once lost
        // its first connection to a 0.5 s ping budget; see tests/Directory.Build.props.)
        long pings = agent.Read(s => s.Counters.DatagramPings);
        long reregistrations = agent.Read(s => s.Counters.Reregistrations);
        HeartbeatCounters before = _cluster.Master.HeartbeatCounters!.Value;
        await Eventually.Until(() => agent.Read(s => s.Counters.DatagramPings) >= pings + 20, "twenty more datagram pings");
        // The master reads pongs at its ticks: the last one is read by the next tick.
        await Eventually.Until(() => _cluster.Master.HeartbeatCounters?.PongsReceived >= before.PongsReceived + 20, "their pongs at the master");

        HeartbeatCounters after = _cluster.Master.HeartbeatCounters!.Value;
        Assert.Equal(before.Fallbacks, after.Fallbacks);
        Assert.Equal(before.Dropped, after.Dropped);
        Assert.Equal(1, after.ActiveAgents);
        Assert.Equal(reregistrations, agent.Read(s => s.Counters.Reregistrations));
        Assert.Equal(AgentState.Connected, _cluster.MasterAgent(agent.AgentId!)!.State);
    }

    [Fact]
    public async Task After_the_master_restarts_the_agent_takes_the_new_masters_channel()
    {
        AgentRuntime agent = await _cluster.StartAgentAsync();
        await Eventually.Until(() => agent.Read(s => s.Counters.DatagramPings) >= 3, "datagram pings from the first master");

        await _cluster.RestartMasterAsync();
        await Eventually.Until(() => agent.Registered && agent.Read(s => s.Counters.Reregistrations) >= 1, "the re-registration");
        long before = agent.Read(s => s.Counters.DatagramPings);
        await Eventually.Until(() => _cluster.Master.HeartbeatCounters?.PongsReceived >= 3, "pongs at the new master");

        Assert.True(agent.Read(s => s.Counters.DatagramPings) >= before + 3);
        Assert.Equal(1, _cluster.Master.HeartbeatCounters!.Value.ActiveAgents);
        Assert.Equal(AgentState.Connected, _cluster.MasterAgent(agent.AgentId!)!.State);
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using FastMesos.Engine.Master;
using FastMesos.Master.Tests.Support;
using FastMesos.Messages;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Heartbeats;

namespace FastMesos.Master.Tests;

/// <summary>
/// The datagram heartbeat channel end to end, against a real master with a 200 ms ping interval: a
/// raw wire agent takes the offer, says hello from a real UDP socket and gets its pings there; when
/// it stops answering them the master pings it over TCP and it stays connected. Without the flag
/// nothing is offered.
/// </summary>
public sealed class MasterDatagramHeartbeatTests
{
    private static MasterServerOptions Options(bool datagrams = true) => new()
    {
        EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
        Core = new MasterOptions { MasterId = "hb", AgentPingTimeout = TimeSpan.FromMilliseconds(200), MaxAgentPingTimeouts = 5 },
        DatagramHeartbeats = datagrams,
    };

    [Fact]
    public async Task Pings_move_to_datagrams_after_the_hello_and_back_to_tcp_when_they_go_unanswered()
    {
        await using MasterHost master = await MasterHost.StartAsync(Options());
        await using WirePeer agent = await WirePeer.DialAsync(master.EndPoint, PeerRole.Agent);
        agent.Send(new RegisterAgent { Agent = new AgentInfo { Hostname = "a", Resources = Resources.Parse("cpus:1;mem:64") }, Version = "1.11.0" });
        AgentRegistered registered = await agent.NextAsync<AgentRegistered>();
        HeartbeatChannel channel = Assert.IsType<HeartbeatChannel>(registered.Heartbeats);
        Assert.Equal(master.Server.HeartbeatEndPoint!.Port, channel.Port);

        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 10_000 };
        udp.Connect(new IPEndPoint(IPAddress.Loopback, channel.Port));
        Send(udp, new HeartbeatDatagram(HeartbeatKind.Hello, channel.Slot, channel.Token, 0, 0));
        await Eventually.Until(() => master.Server.HeartbeatCounters?.Hellos == 1, "the master to take the hello");

        // Pings that left over TCP before the hello was read are answered there.
        ulong lastTcp = 0;
        while (agent.TryTake(out Ping early))
        {
            agent.Send(new Pong(early.Sequence, early.Timestamp));
            lastTcp = early.Sequence;
        }

        ulong last = 0;
        for (int i = 0; i < 3; i++)
        {
            HeartbeatDatagram ping = Receive(udp);
            Assert.Equal(HeartbeatKind.Ping, ping.Kind);
            Assert.Equal((channel.Slot, channel.Token), (ping.Slot, ping.Token));
            Assert.True(ping.Sequence > Math.Max(last, lastTcp), $"ping {ping.Sequence} after {last}");
            last = ping.Sequence;
            Send(udp, ping with { Kind = HeartbeatKind.Pong });
        }

        await Eventually.Until(() => master.Server.HeartbeatCounters?.PongsReceived >= 3, "three pongs");
        Dictionary<string, double> metrics = await MetricsAsync(master);
        Assert.Equal(1, metrics["master/datagram_agents"]);
        Assert.True(metrics["master/datagram_pings_sent"] >= 3);
        Assert.Equal(0, metrics["master/datagram_dropped"]);
        Assert.DoesNotContain(agent.Received.OfType<Ping>(), p => p.Sequence > lastTcp);

        // Silence on the datagram side: the next turn finds the last ping unanswered and pings over TCP.
        HeartbeatDatagram unanswered = Receive(udp);
        for (int i = 0; i < 8; i++)
        {
            Ping tcp = await agent.NextAsync<Ping>(p => p.Sequence > unanswered.Sequence);
            agent.Send(new Pong(tcp.Sequence, tcp.Timestamp));
        }

        // Eight TCP turns (1.6 s) later: past the 5-ping budget, and still connected.
        Assert.Equal(AgentState.Connected, master.Server.Read(core => core.FindAgent(registered.AgentId.Value)!.State));
        Assert.Equal(1, master.Server.HeartbeatCounters?.Fallbacks);
        Assert.Equal(0, master.Server.HeartbeatCounters?.ActiveAgents);
        Assert.Null(agent.Closed);
    }

    [Fact]
    public async Task Without_datagram_heartbeats_nothing_is_offered_and_pings_stay_on_tcp()
    {
        await using MasterHost master = await MasterHost.StartAsync(Options(datagrams: false));
        await using WirePeer agent = await WirePeer.DialAsync(master.EndPoint, PeerRole.Agent);
        agent.Send(new RegisterAgent { Agent = new AgentInfo { Hostname = "a", Resources = Resources.Parse("cpus:1;mem:64") }, Version = "1.11.0" });
        AgentRegistered registered = await agent.NextAsync<AgentRegistered>();

        Assert.Null(registered.Heartbeats);
        Assert.Null(master.Server.HeartbeatEndPoint);
        Assert.Null(master.Server.HeartbeatCounters);
        Ping ping = await agent.NextAsync<Ping>();
        agent.Send(new Pong(ping.Sequence, ping.Timestamp));
        await agent.NextAsync<Ping>(p => p.Sequence > ping.Sequence);
        Assert.DoesNotContain("master/datagram_agents", (await MetricsAsync(master)).Keys);
    }

    private static async Task<Dictionary<string, double>> MetricsAsync(MasterHost master)
    {
        using var http = new HttpClient();
        string json = await http.GetStringAsync(new Uri(master.Url, "metrics/snapshot"));
        return JsonSerializer.Deserialize<Dictionary<string, double>>(json)!;
    }

    private static void Send(Socket socket, HeartbeatDatagram datagram)
    {
        byte[] bytes = new byte[HeartbeatDatagram.Size];
        datagram.Write(bytes);
        socket.Send(bytes);
    }

    private static HeartbeatDatagram Receive(Socket socket)
    {
        byte[] bytes = new byte[64];
        int n = socket.Receive(bytes);
        Assert.Null(HeartbeatDatagram.TryRead(bytes.AsSpan(0, n), out HeartbeatDatagram d));
        return d;
    }
}

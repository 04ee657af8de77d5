using System.IO.Pipelines;
using System.Net;
using FastMesos.Engine.Master;
using FastMesos.Hosting.Auth;
using FastMesos.Master.Ha;
using FastMesos.Master.Registry;
using FastMesos.Transport.Connections;

namespace FastMesos.Master;

/// <summary>How a <see cref="MasterServer"/> listens and behaves.</summary>
public sealed record MasterServerOptions
{
    /// <summary>Where the wire protocol (and HTTP, through <see cref="HttpFallback"/>) is served; port 0 picks a free one.</summary>
    public required IPEndPoint EndPoint { get; init; }

    /// <summary>The master core's options; <see cref="MasterOptions.MasterId"/> is a fresh UUID per start.</summary>
    public required MasterOptions Core { get; init; }

    public ITransport Transport { get; init; } = TcpTransport.Instance;

    /// <summary>
    /// Where <see cref="Transport"/> listens instead of <see cref="EndPoint"/>: an
    /// <see cref="InProcEndPoint"/> when the transport is an <see cref="InProcTransport"/> (the
    /// in-process failover benchmark). Null listens at <see cref="EndPoint"/>.
    /// </summary>
    public EndPoint? TransportEndPoint { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// How often the core's clock work runs (allocation interval, pings, heartbeats, failover
    /// timeouts). The default is <see cref="MasterOptions.TickInterval"/>: the allocation
    /// interval or a fiftieth of the ping interval, whichever is shorter, at most 1 s, at least 10 ms.
    /// </summary>
    public TimeSpan? TickInterval { get; init; }

    /// <summary>When set, agents must present one of these credentials in their preamble (<c>--authenticate_agents</c>).</summary>
    public CredentialStore? AgentCredentials { get; init; }

    /// <summary>When set, schedulers must present one of these credentials in their preamble (<c>--authenticate_frameworks</c>).</summary>
    public CredentialStore? FrameworkCredentials { get; init; }

    /// <summary>Serves connections that do not start with the wire preamble (HTTP on the same port).</summary>
    public Func<IDuplexPipe, EndPoint?, ValueTask>? HttpFallback { get; init; }

    /// <summary>Largest frame accepted or sent: an OFFERS event for thousands of agents is megabytes.</summary>
    public int MaxFrameSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// When set, the master stands for election (--zk) and serves agents and frameworks only once
    /// elected; until then it turns wire peers away and redirects HTTP to the leader.
    /// </summary>
    public MasterZooKeeperOptions? ZooKeeper { get; init; }

    /// <summary>
    /// Where the registry is kept. When set, a new agent's registration is answered only once the
    /// registry listing it is stored, and an elected master recovers from it (<see cref="MasterServer.RecoverAsync"/>).
    /// An HA master keeps it in ZooKeeper; null (the embedded single master) keeps it only in memory.
    /// </summary>
    public IRegistryStore? RegistryStore { get; init; }

    /// <summary>
    /// Whether agents are offered the datagram heartbeat channel (UDP, on the wire port's number when
    /// free): pings to 10,000 agents then cost a few system calls per tick instead of two per agent.
    /// Agents that do not take it, or whose datagrams do not get through, are pinged over TCP.
    /// </summary>
    public bool DatagramHeartbeats { get; init; } = true;

    public Action<string>? Log { get; init; }
}

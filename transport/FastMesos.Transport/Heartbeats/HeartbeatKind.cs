namespace FastMesos.Transport.Heartbeats;

/// <summary>What a <see cref="HeartbeatDatagram"/> is. Numbers are fixed on the wire.</summary>
public enum HeartbeatKind : byte
{
    /// <summary>Agent → master: "my pings here, please"; tells the master the agent's datagram address.</summary>
    Hello = 1,

    /// <summary>Master → agent: the same probe as the TCP <c>Ping</c>.</summary>
    Ping = 2,

    /// <summary>Agent → master: the answer, echoing the ping's sequence and timestamp.</summary>
    Pong = 3,
}

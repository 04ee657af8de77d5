namespace FastMesos.Messages;

/// <summary>
/// The master's offer, in <see cref="AgentRegistered"/> or <see cref="AgentReregistered"/>, to move
/// its pings off the agent's TCP connection onto datagrams: the agent sends a hello datagram naming
/// <see cref="Slot"/> and <see cref="Token"/> to the master's host at <see cref="Port"/>, and from
/// then on the master pings it there and it answers there. An agent that ignores the offer, or whose
/// datagrams stop getting through, keeps being pinged over TCP.
/// </summary>
/// <param name="Port">The master's UDP port (on the address the agent dialed).</param>
/// <param name="Slot">The agent's place in the master's table; every datagram names it.</param>
/// <param name="Token">A random secret of this connection; a datagram without it is dropped, so only the agent that holds the TCP connection can answer for it.</param>
public readonly record struct HeartbeatChannel(int Port, uint Slot, ulong Token);

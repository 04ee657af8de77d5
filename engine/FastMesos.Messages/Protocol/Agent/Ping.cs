namespace FastMesos.Messages;

/// <summary>
/// Master → agent health probe; the agent answers <see cref="Pong"/> echoing <see cref="Sequence"/>
/// and <see cref="Timestamp"/>, and after 5 unanswered pings the master marks it unreachable.
/// Encodes and decodes without allocating.
/// </summary>
/// <param name="Sequence">Names the ping, for the master only: the pong echoes it unchanged (FastMesos' master puts its count of pings to the agent and the agent's entry in its ping table there).</param>
/// <param name="Timestamp">The sender's clock (e.g. <c>TimeProvider.GetTimestamp()</c>), echoed back so it can measure the round trip.</param>
/// <param name="Connected">Whether the master still considers the agent connected; when false the agent reregisters.</param>
public readonly record struct Ping(ulong Sequence, long Timestamp, bool Connected = true);

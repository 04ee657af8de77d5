using FastMesos.Messages;

namespace FastMesos.Engine.Master;

/// <summary>
/// One agent in the registry: its AgentInfo (with its id), the version it registered with, the IP it
/// connected from (for its pid), and, for an unreachable agent, when it was marked so (seconds since
/// the epoch); null for an admitted one.
/// </summary>
public sealed record RegistryAgent(AgentInfo Info, string Version, string Address, double? UnreachableTime);

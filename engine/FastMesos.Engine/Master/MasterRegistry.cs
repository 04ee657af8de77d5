using FastMesos.Messages;

namespace FastMesos.Engine.Master;

/// <summary>
/// What a master must not forget across a failover (Mesos' <c>Registry</c>): the admitted agents, the
/// unreachable ones, and the frameworks (their FrameworkInfo with id). A new leader recovers from it
/// so that agents and frameworks come back with their ids and their tasks untouched.
/// </summary>
public sealed record MasterRegistry(IReadOnlyList<RegistryAgent> Agents, IReadOnlyList<FrameworkInfo> Frameworks)
{
    public static MasterRegistry Empty { get; } = new([], []);
}

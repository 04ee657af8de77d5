using FastMesos.Apps.Constraints;
using FastMesos.Apps.Matching;
using FastMesos.Messages;

namespace FastMesos.Apps.Tests;

/// <summary>Offers and constraints for the matching tests, from Mesos' text forms.</summary>
internal static class MatchingFixtures
{
    public const string DefaultResources = "cpus:4;mem:4096;disk:1000;ports:[31000-31009]";

    public static Offer Offer(string host, string resources = DefaultResources, string attributes = "", string? role = null) => new()
    {
        Id = new OfferId("offer-" + host),
        FrameworkId = new FrameworkId("marathon"),
        AgentId = new AgentId("agent-" + host),
        Hostname = host,
        Resources = Resources.Parse(resources),
        Attributes = AgentAttributes.Parse(attributes),
        AllocationRole = role,
    };

    public static CompiledConstraint Constraint(params string[] parts)
    {
        Assert.True(ConstraintParser.TryParse(parts, out Constraint? c, out string? error), error);
        return new CompiledConstraint(c!);
    }

    /// <summary>Requirements of a small app (0.1 cpus, 32 mem) with the given constraints and dynamic ports.</summary>
    public static LaunchRequirements Small(int ports = 0, params CompiledConstraint[] constraints) => new()
    {
        Cpus = Scalar.FromDouble(0.1),
        Mem = Scalar.FromDouble(32),
        HostPorts = LaunchRequirements.DynamicPorts(ports),
        Constraints = constraints,
    };
}

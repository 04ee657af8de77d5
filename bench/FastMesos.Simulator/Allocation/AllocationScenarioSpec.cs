namespace FastMesos.Simulator.Allocation;

/// <summary>
/// An A-&lt;agents&gt;-&lt;frameworks&gt;-&lt;roles&gt; scenario. Without quota, agents are Mesos'
/// DeclineOffers shape (<c>cpus:24;mem:4096;disk:4096;ports:[31000-32000]</c>) and frameworks are
/// spread round-robin over roles of weight 1. With quota it replicates Mesos' LargeAndSmallQuota:
/// agents of <c>cpus:2;mem:2048;disk:2048</c>, five of every six roles with a small quota
/// (cpus:1;mem:1024) and one with a large quota (cpus:4;mem:4096), guarantee = limit.
/// </summary>
public sealed record AllocationScenarioSpec
{
    public int Agents { get; init; } = 10_000;
    public int Frameworks { get; init; } = 1_000;
    public int Roles { get; init; } = 1;
    public bool Quota { get; init; }
    public AllocationPhase Phase { get; init; } = AllocationPhase.Fresh;
    public ulong Seed { get; init; } = 42;

    /// <summary>Install the declined phase's filters directly instead of through one cycle per framework.</summary>
    public bool FastFilterSetup { get; init; } = true;

    public string Name => $"A-{Short(Agents)}-{Short(Frameworks)}-{Short(Roles)}{(Quota ? "-quota" : "")}";

    public string AgentResources => Quota ? "cpus:2;mem:2048;disk:2048" : "cpus:24;mem:4096;disk:4096;ports:[31000-32000]";

    private static string Short(int n) => n >= 1000 && n % 1000 == 0 ? $"{n / 1000}k" : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

namespace FastMesos.Simulator.Launch;

/// <summary>
/// Scenario B-&lt;agents&gt;-&lt;frameworks&gt;-&lt;tasks per framework&gt; of specs/performance.md §8.2b:
/// agents of <see cref="AgentResources"/>, frameworks that bin-pack <see cref="TaskResources"/> tasks.
/// </summary>
internal sealed record LaunchSpec
{
    public int Agents { get; init; } = 10_000;

    public int Frameworks { get; init; } = 100;

    public int TasksPerFramework { get; init; } = 10_000;

    /// <summary>Each agent's resources: room for 160 of the default tasks, so 1M tasks fit 10k agents with a margin.</summary>
    public string AgentResources { get; init; } = "cpus:16;mem:65536;disk:65536";

    public string TaskResources { get; init; } = "cpus:0.1;mem:32";

    /// <summary>Allocation runs after which a run that has not launched everything gives up (bounds the loop).</summary>
    public int MaxAllocationRuns { get; init; } = 100_000;

    public long Tasks => (long)Frameworks * TasksPerFramework;
}

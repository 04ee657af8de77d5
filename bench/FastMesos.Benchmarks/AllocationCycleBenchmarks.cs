using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using FastMesos.Simulator.Allocation;

namespace FastMesos.Benchmarks;

/// <summary>
/// One full allocation cycle of the A-scenarios of specs/performance.md §8.2(a) in each phase.
/// A cycle takes milliseconds, so each invocation is one cycle and the cluster is put back into the
/// phase's steady state in <see cref="Cleanup"/> (unmeasured). MemoryDiagnoser's "Allocated" column
/// is the figure CI gates on through the simulator (0 B).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 15, invocationCount: 1)]
public class AllocationCycleBenchmarks
{
    private AllocationScenario _scenario = null!;

    [ParamsSource(nameof(Scenarios))]
    public string Scenario { get; set; } = "";

    [Params(AllocationPhase.Fresh, AllocationPhase.Declined, AllocationPhase.Suppressed)]
    public AllocationPhase Phase { get; set; }

    public static IEnumerable<string> Scenarios => ["A-10k-1k-1", "A-10k-1k-100", "A-10k-3k-1", "A-3k-3k-3k-quota"];

    [GlobalSetup]
    public void Setup()
    {
        _scenario = new AllocationScenario(ScenarioCatalog.Parse(Scenario) with { Phase = Phase });
        _scenario.Setup();
    }

    [Benchmark]
    public int Cycle() => _scenario.Cycle();

    [IterationCleanup]
    public void Cleanup() => _scenario.Reset();
}

using BenchmarkDotNet.Attributes;
using FastMesos.Engine.Master;

namespace FastMesos.Benchmarks;

/// <summary>
/// Scenario F of specs/performance.md §8.2 without the socket: the <c>/master/state</c> document of a
/// core holding 10,000 agents (the sim cluster default shape) and 100,000 RUNNING tasks of one
/// framework, written into the buffer the HTTP endpoint uses, as JSON and as MessagePack. Each
/// includes the <see cref="FastMesos.Master.Http.MasterSnapshot"/> the endpoint copies under the
/// master's lock, which is measured on its own too: it is all a query holds the lock for. The
/// <c>/metrics/snapshot</c> document is written under the lock as a whole (monitors poll it often).
/// </summary>
/// <remarks>In process: the child project BenchmarkDotNet would build references the master daemon and took longer than its 2 min build timeout on the shared 2-core machine.</remarks>
[MemoryDiagnoser]
[InProcess]
[WarmupCount(2)]
[IterationCount(8)]
public class MasterStateBenchmarks
{
    private MasterCore _core = null!;

    [Params(10_000)]
    public int Agents { get; set; }

    [GlobalSetup]
    public void Setup() => _core = MasterStateScenario.Build(Agents, tasksPerAgent: 10);

    [Benchmark(Description = "GET /master/state document")]
    public long WriteState() => MasterStateScenario.WriteStateOnce(_core);

    [Benchmark(Description = "GET /master/state document as MessagePack")]
    public long WriteStateMessagePack() => MasterStateScenario.WriteStateMessagePackOnce(_core);

    [Benchmark(Description = "snapshot under the lock")]
    public int Snapshot() => MasterStateScenario.SnapshotOnce(_core);

    [Benchmark(Description = "GET /metrics/snapshot document (all under the lock)")]
    public long WriteMetrics() => MasterStateScenario.WriteMetricsOnce(_core);
}

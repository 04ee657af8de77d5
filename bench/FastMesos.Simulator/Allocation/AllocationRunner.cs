using System.Diagnostics;

namespace FastMesos.Simulator.Allocation;

/// <summary>
/// Measures an allocation scenario: warm-up cycles, then measured cycles, each followed by an
/// unmeasured "empty" cycle (the cluster fully offered) and a reset. Time is wall-clock from
/// <see cref="Stopwatch"/>; allocation is <see cref="GC.GetAllocatedBytesForCurrentThread"/>
/// around each measured call, which is exact because the engine is single-threaded.
/// </summary>
public static class AllocationRunner
{
    public static AllocationResult Run(AllocationScenarioSpec spec, int cycles, int warmup, Action<string, double>? progress = null)
    {
        long setupStart = Stopwatch.GetTimestamp();
        progress?.Invoke("setup", 0);
        var scenario = new AllocationScenario(spec);
        scenario.Setup();
        double setupSeconds = Stopwatch.GetElapsedTime(setupStart).TotalSeconds;

        for (int i = 0; i < warmup; i++)
            OneRound(scenario, out _, out _, out _, out _);

        var ms = new double[cycles];
        var emptyMs = new double[cycles];
        long bytes = 0, maxBytes = 0, offers = 0, checks = 0;
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        for (int i = 0; i < cycles; i++)
        {
            OneRound(scenario, out ms[i], out emptyMs[i], out long b, out int made);
            long checksOfCycle = scenario.MeasuredStats.CandidateChecks;
            bytes += b;
            maxBytes = Math.Max(maxBytes, b);
            offers += made;
            checks += checksOfCycle;
            progress?.Invoke("cycles", (i + 1) / (double)cycles);
        }
        gen0 = GC.CollectionCount(0) - gen0;
        gen1 = GC.CollectionCount(1) - gen1;
        gen2 = GC.CollectionCount(2) - gen2;

        // Cold cycles: after an eligibility change nothing is skipped (only meaningful with filters).
        var coldMs = new double[spec.Phase == AllocationPhase.Fresh ? 0 : Math.Min(cycles, 5)];
        long coldChecks = 0;
        for (int i = 0; i < coldMs.Length; i++)
        {
            scenario.ForgetShortcuts();
            long c0 = Stopwatch.GetTimestamp();
            scenario.Cycle();
            coldMs[i] = Stopwatch.GetElapsedTime(c0).TotalMilliseconds;
            coldChecks += scenario.LastStats.CandidateChecks;
            scenario.Reset();
        }
        Array.Sort(coldMs);

        List<string> problems = scenario.Allocator.Audit();
        Array.Sort(ms);
        Array.Sort(emptyMs);
        return new AllocationResult
        {
            Scenario = spec.Name,
            Agents = spec.Agents,
            Frameworks = spec.Frameworks,
            Roles = spec.Roles,
            Phase = spec.Phase.ToString().ToLowerInvariant(),
            Quota = spec.Quota,
            Cycles = cycles,
            OffersPerCycle = cycles == 0 ? 0 : offers / (double)cycles,
            CycleMsMedian = Percentile(ms, 0.5),
            CycleMsP99 = Percentile(ms, 0.99),
            CycleMsMin = ms.Length == 0 ? 0 : ms[0],
            CycleMsMax = ms.Length == 0 ? 0 : ms[^1],
            EmptyCycleMsMedian = Percentile(emptyMs, 0.5),
            ColdCycleMsMedian = Percentile(coldMs, 0.5),
            ColdCandidateChecks = coldMs.Length == 0 ? 0 : coldChecks / coldMs.Length,
            AllocatedBytesPerCycle = cycles == 0 ? 0 : bytes / cycles,
            AllocatedBytesMaxCycle = maxBytes,
            Gen0Collections = gen0,
            Gen1Collections = gen1,
            Gen2Collections = gen2,
            CandidateChecksPerCycle = cycles == 0 ? 0 : checks / (double)cycles,
            SetupCycles = scenario.SetupCycles,
            SetupSeconds = setupSeconds,
            AddAgentsMs = scenario.AddAgentsSeconds * 1000,
            AddFrameworksMs = scenario.AddFrameworksSeconds * 1000,
            AuditProblems = problems.Count,
        };
    }

    /// <summary>A measured cycle, an unmeasured-for-bytes empty cycle (timed), then a reset.</summary>
    private static void OneRound(AllocationScenario scenario, out double ms, out double emptyMs, out long bytes, out int offers)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        long t0 = Stopwatch.GetTimestamp();
        offers = scenario.Cycle();
        long t1 = Stopwatch.GetTimestamp();
        scenario.MeasuredStats = scenario.LastStats;
        bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        ms = Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;

        long t2 = Stopwatch.GetTimestamp();
        scenario.Cycle();
        emptyMs = Stopwatch.GetElapsedTime(t2).TotalMilliseconds;
        scenario.Reset();
    }

    private static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
            return 0;
        int i = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(i, 0, sorted.Length - 1)];
    }
}

using FastMesos.Simulator.Allocation;
using FastMesos.Simulator.Reporting;
using Spectre.Console;

namespace FastMesos.Simulator;

/// <summary><c>fastmesos sim alloc</c>: allocation cycles of an A-scenario in process, no I/O.</summary>
internal static class AllocCommand
{
    public const string Usage = """
        usage: ./fastmesos sim alloc [--agents N] [--frameworks N] [--roles N] [--cycles N] [--warmup N]
                                     [--phase fresh|declined|suppressed] [--quota] [--seed N] [--json]

          Runs allocation cycles of scenario A-<agents>-<frameworks>-<roles> in process
          (specs/performance.md §8.2a). Defaults: 10000 agents, 1000 frameworks, 1 role, 50 cycles,
          20 warm-up cycles, phase fresh. --quota replicates Mesos' LargeAndSmallQuota (2-cpu agents,
          small and large quota per role). With --json the last line is one JSON object.
        """;

    private static readonly HashSet<string> Booleans = ["quota", "json"];

    public static int Run(IReadOnlyList<string> args)
    {
        var cl = new CommandLine(args, Booleans);
        var spec = new AllocationScenarioSpec
        {
            Agents = cl.Int("agents", 10_000, 1, 100_000),
            Frameworks = cl.Int("frameworks", 1_000, 1, 100_000),
            Roles = cl.Int("roles", 1, 1, 100_000),
            Quota = cl.Flag("quota"),
            Phase = cl.Choice("phase", "fresh", "fresh", "declined", "suppressed") switch
            {
                "declined" => AllocationPhase.Declined,
                "suppressed" => AllocationPhase.Suppressed,
                _ => AllocationPhase.Fresh,
            },
            Seed = (ulong)cl.Int("seed", 42, 0, int.MaxValue),
        };
        int cycles = cl.Int("cycles", 50, 1, 1_000_000);
        int warmup = cl.Int("warmup", 20, 0, 1_000_000);
        bool json = cl.Flag("json");
        cl.RejectUnknown();
        if (spec.Roles > spec.Frameworks)
            throw new UsageException("--roles must not exceed --frameworks (every role needs a framework)");

        AllocationResult result;
        if (json)
        {
            result = AllocationRunner.Run(spec, cycles, warmup);
            ResultLine.Write(result);
        }
        else
        {
            AllocationResult? r = null;
            AnsiConsole.Progress().Start(ctx =>
            {
                ProgressTask setup = ctx.AddTask($"{spec.Name} {spec.Phase}: setup");
                ProgressTask run = ctx.AddTask($"{cycles} cycles");
                r = AllocationRunner.Run(spec, cycles, warmup, (stage, fraction) =>
                {
                    if (stage == "cycles")
                    {
                        setup.Value = 100;
                        run.Value = fraction * 100;
                    }
                });
                setup.Value = 100;
                run.Value = 100;
            });
            result = r!;
            Print(result);
        }
        return result.AuditProblems == 0 ? 0 : 1;
    }

    private static void Print(AllocationResult r)
    {
        var table = new Table().AddColumn("figure").AddColumn(new TableColumn("value").RightAligned());
        void Row(string name, string value) => table.AddRow(name, value);
        Row("scenario", $"{r.Scenario} ({r.Phase})");
        Row("cycles measured", r.Cycles.ToString("N0"));
        Row("offers per cycle", r.OffersPerCycle.ToString("N0"));
        Row("cycle ms median / p99", $"{r.CycleMsMedian:F3} / {r.CycleMsP99:F3}");
        Row("cycle ms min / max", $"{r.CycleMsMin:F3} / {r.CycleMsMax:F3}");
        Row("empty cycle ms median", r.EmptyCycleMsMedian.ToString("F3"));
        if (r.ColdCandidateChecks > 0)
            Row("cold cycle ms median (checks)", $"{r.ColdCycleMsMedian:F3} ({r.ColdCandidateChecks:N0})");
        Row("candidate checks per cycle", r.CandidateChecksPerCycle.ToString("N0"));
        Row("allocated bytes per cycle (mean / max)", $"{r.AllocatedBytesPerCycle:N0} / {r.AllocatedBytesMaxCycle:N0}");
        Row("GCs gen0 / gen1 / gen2", $"{r.Gen0Collections} / {r.Gen1Collections} / {r.Gen2Collections}");
        Row("add agents ms / add frameworks ms", $"{r.AddAgentsMs:F1} / {r.AddFrameworksMs:F1}");
        Row("setup cycles / seconds", $"{r.SetupCycles:N0} / {r.SetupSeconds:F1}");
        Row("audit problems", r.AuditProblems.ToString());
        AnsiConsole.Write(table);
    }
}

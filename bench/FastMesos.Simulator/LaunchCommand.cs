using FastMesos.Simulator.Launch;
using FastMesos.Simulator.Reporting;
using Spectre.Console;

namespace FastMesos.Simulator;

/// <summary><c>fastmesos sim launch</c>: scenario B, offer → accept → launch → RUNNING in process.</summary>
internal static class LaunchCommand
{
    public const string Usage = """
        usage: ./fastmesos sim launch [--agents N] [--frameworks N] [--tasks-per-framework N] [--warmup W] [--repeat N] [--json]

          Scenario B-<agents>-<frameworks>-<tasks per framework> of specs/performance.md §8.2b: the
          master's engine with fake agents and frameworks in this process, no network and no
          encoding. Frameworks bin-pack cpus:0.1;mem:32 tasks into every offer (one ACCEPT per offer)
          and decline offers once all theirs are launched; agents answer each launch with
          TASK_RUNNING at once; frameworks acknowledge every update. Timed from the first allocation
          run to the last TASK_RUNNING at its framework. Defaults: 10000 agents (cpus:16;mem:65536),
          100 frameworks, 10000 tasks each (1M tasks). First W unmeasured rounds (default 1) of
          B-1000-10-1000 on a master of their own, so the clock does not time the JIT.
          --repeat N runs the measured round N times (after the W warm-up rounds), then a summary line: min,
          median, p99 and max of its figures (§8.1; default 1). Its first runs are slower while the JIT settles.
          Exit 1 when a task did not run.
          With --json the last line is one JSON object (with --repeat, the summary), which also names the
          commit, runtime, CPU, cores, kernel and descriptor limit.
        """;

    private static readonly HashSet<string> Booleans = ["json"];

    public static int Run(IReadOnlyList<string> args)
    {
        var cl = new CommandLine(args, Booleans);
        var spec = new LaunchSpec
        {
            Agents = cl.Int("agents", 10_000, 1, 1_000_000),
            Frameworks = cl.Int("frameworks", 100, 1, 100_000),
            TasksPerFramework = cl.Int("tasks-per-framework", 10_000, 1, 10_000_000),
        };
        int warmup = cl.Int("warmup", 1, 0, 100);
        bool json = cl.Flag("json");
        int repeat = cl.Int("repeat", 1, 1, 1_000);
        cl.RejectUnknown();
        if (spec.Tasks > 20_000_000)
            throw new UsageException($"frameworks × tasks-per-framework = {spec.Tasks:N0}: at most 20,000,000 tasks");

        var warm = new LaunchSpec { Agents = 1000, Frameworks = 10, TasksPerFramework = 1000 };
        for (int i = 0; i < warmup; i++)
        {
            if (!LaunchBench.Run(warm).Ok)
                throw new InvalidOperationException("a warm-up round did not run every task");
        }

        return RepeatedRuns.Run(repeat, json, reportDir: null,
            () => json ? LaunchBench.Run(spec) : LaunchBench.Run(spec, stage => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(stage)}[/]")),
            Print);
    }

    private static void Print(LaunchResult r)
    {
        var table = new Table().AddColumn("figure").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("scenario", $"{r.Name} (in process, no network)");
        table.AddRow("tasks RUNNING / launched", $"{r.TasksRunning:N0} / {r.Tasks:N0}");
        table.AddRow("seconds, tasks/s", $"{r.Seconds:F3} s, {r.TasksPerSec:N0}");
        table.AddRow("accept → RUNNING p50 / p99 / max", $"{r.P50Ms:F1} / {r.P99Ms:F1} / {r.MaxMs:F1} ms");
        table.AddRow("allocation runs, offers", $"{r.AllocationRuns:N0}, {r.Offers:N0}");
        table.AddRow("process CPU", $"{r.MasterCpuSeconds:F2} s");
        table.AddRow("allocated (master's share) / retained per task", $"{r.AllocatedBytesPerTask:N0} ({r.MasterAllocatedBytesPerTask:N0}) / {r.RetainedBytesPerTask:N0} bytes");
        table.AddRow("GC gen0/1/2", $"{r.Gc0}/{r.Gc1}/{r.Gc2}");
        table.AddRow("verdict", r.Ok ? "[green]every task RUNNING[/]" : "[red]tasks missing[/]");
        AnsiConsole.Write(table);
    }
}

using System.Text.Json;
using FastMesos.Simulator.Marathon;
using FastMesos.Simulator.Reporting;
using Spectre.Console;

namespace FastMesos.Simulator;

/// <summary><c>fastmesos sim marathon</c>: Marathon deploying or scaling against a master with in-process agents.</summary>
internal static class MarathonBenchCommand
{
    public const string Usage = """
        usage: ./fastmesos sim marathon --scenario deploy|group|scale|health [--apps N] [--instances M] [--agents A]
                                        [--max-instances-per-offer K] [--launch-tokens T] [--min-threads T]
                                        [--min-revive-interval MS]
                                        [--warmup W] [--seconds S] [--deploy-instances D] [--log] [--json]

          Marathon (runtime, scheduler driver, REST API on loopback HTTP, in-memory store) against a
          real master over the in-process transport, with A simulated agents that answer every launch
          with TASK_RUNNING. deploy: N apps of M instances are POSTed to /v2/apps; scale: one app of 1
          instance is PUT to M instances. Timed from the first request to every instance RUNNING in
          Marathon's state and no deployment left. Before it, unmeasured, a warm-up app of W instances
          is deployed and deleted (JIT). Defaults: 4 apps, 500 instances, 1000 agents,
          --max_instances_per_offer 100 (Marathon's default is 5), the runtime's minimum of
          thread-pool workers (--min-threads raises it), warm-up 2000, Marathon's own
          --min_revive_offers_interval (--min-revive-interval sets it). Exit 1 when not every instance
          runs, a deployment is left, or the agents were asked for more tasks than instances
          (over-scale). health: M instances of one app run S seconds without and then with an HTTP
          health check every second against a loopback server in a child process (agents are
          127.0.0.x and offer only its ports); process CPU over each window gives the checker's share
          of a core, and the deploy scenario (N apps × D instances, default 4 × 500) runs beside each;
          exit 1 when a probe failed or an instance is not healthy. --log writes Marathon's log to stderr, stamped in milliseconds. With --json
          the last line is one JSON object.
        """;

    private static readonly HashSet<string> Booleans = ["json", "log"];
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static int Run(IReadOnlyList<string> args)
    {
        var cl = new CommandLine(args, Booleans);
        var spec = new MarathonBenchSpec
        {
            Scenario = cl.Choice("scenario", "deploy", "deploy", "group", "scale", "health"),
            Apps = cl.Int("apps", 4, 1, 100_000),
            Instances = cl.Int("instances", 500, 1, 1_000_000),
            Agents = cl.Int("agents", 1000, 1, 100_000),
            MaxInstancesPerOffer = cl.Int("max-instances-per-offer", 100, 1, 100_000),
            LaunchTokens = cl.Has("launch-tokens") ? cl.Int("launch-tokens", 100, 1, 10_000_000) : null,
            MinWorkerThreads = cl.Int("min-threads", 0, 0, 1024),
            MinReviveOffersIntervalMs = cl.Has("min-revive-interval") ? cl.Int("min-revive-interval", 0, 0, 600_000) : null,
            WarmupInstances = cl.Int("warmup", 2000, 0, 1_000_000),
            Seconds = cl.Int("seconds", 20, 1, 3_600),
            DeployInstances = cl.Int("deploy-instances", 500, 1, 1_000_000),
        };
        bool json = cl.Flag("json");
        if (cl.Flag("log"))
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            spec = spec with { Log = line => Console.Error.WriteLine($"{clock.Elapsed.TotalMilliseconds,10:F1} ms {line}") };
        }
        cl.RejectUnknown();
        Action<string>? progress = json ? null : stage => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(stage)}[/]");
        if (spec.Scenario == "health")
        {
            HealthBenchResult health = HealthBenchRunner.RunAsync(spec, progress).GetAwaiter().GetResult();
            Console.WriteLine(json ? ResultLine.Format(health) : JsonSerializer.Serialize(health, Indented));
            return health.Ok ? 0 : 1;
        }

        MarathonBenchResult result = MarathonBenchRunner.RunAsync(spec, progress).GetAwaiter().GetResult();
        if (json)
            ResultLine.Write(result);
        else
            Print(result);
        return result.Ok ? 0 : 1;
    }

    private static void Print(MarathonBenchResult r)
    {
        var table = new Table().AddColumn("figure").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("scenario", $"{r.Scenario}: {r.Apps} app(s) × {r.Instances} instances on {r.Agents} agents ({r.Api}, {r.Store} store, {r.MaxInstancesPerOffer} per offer)");
        table.AddRow("first request → all RUNNING, deployments done", $"{r.Seconds:F3} s");
        table.AddRow("first request → last answer", $"{r.RequestsSeconds:F3} s");
        table.AddRow("launched at the agents / running", $"{r.Launched:N0} / {r.Running:N0}");
        table.AddRow("over-scaled", r.OverScaled ? "[red]yes[/]" : "no");
        table.AddRow("deployments left", $"{r.DeploymentsLeft}");
        table.AddRow("store puts (whole run)", $"{r.StorePuts:N0}");
        table.AddRow("process CPU during the phase", $"{r.MarathonCpuSeconds:F2} s");
        table.AddRow("GC gen0/1/2", $"{r.Gc0}/{r.Gc1}/{r.Gc2}");
        table.AddRow("allocated", $"{r.AllocatedBytes / 1048576.0:F0} MiB");
        table.AddRow("verdict", r.Ok ? "[green]all running[/]" : "[red]not everything ran[/]");
        AnsiConsole.Write(table);
    }
}

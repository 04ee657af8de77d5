using FastMesos.Simulator.Failover;
using FastMesos.Simulator.Reporting;
using Spectre.Console;

namespace FastMesos.Simulator;

/// <summary><c>fastmesos sim failover</c>: a master failover with N agents re-registering, in process.</summary>
internal static class FailoverCommand
{
    public const string Usage = """
        usage: ./fastmesos sim failover [--agents N] [--tasks-per-agent N] [--completed-tasks-per-agent N] [--frameworks N] [--labels N] [--json]

          Master failover of scenario D-<agents>-<tasks>-<completed> (specs/performance.md §8.2d) over the
          in-process transport: a first master with an in-memory registry learns the agents and their
          RUNNING tasks, stops; a second master on the same registry is elected, recovers it, and every
          agent redials it and re-registers with its id, tasks and frameworks, and its history of finished
          tasks (--completed-tasks-per-agent, default 0; 100 is D-10k-100k-1M), of which the master keeps
          the newest 1,000 per framework. Timed from the election
          to the last AgentReregistered. Defaults: 10000 agents, 10 tasks per agent, 5 frameworks,
          10 labels per task (Mesos' benchmark). Exit 1 when an agent or a task did not come back.
          With --json the last line is one JSON object.
        """;

    private static readonly HashSet<string> Booleans = ["json"];

    public static int Run(IReadOnlyList<string> args)
    {
        var cl = new CommandLine(args, Booleans);
        var spec = new FailoverSpec
        {
            Agents = cl.Int("agents", 10_000, 1, 1_000_000),
            TasksPerAgent = cl.Int("tasks-per-agent", 10, 0, 10_000),
            Frameworks = cl.Int("frameworks", 5, 1, 10_000),
            LabelsPerTask = cl.Int("labels", 10, 0, 100),
            CompletedTasksPerAgent = cl.Int("completed-tasks-per-agent", 0, 0, 10_000),
        };
        bool json = cl.Flag("json");
        cl.RejectUnknown();

        FailoverResult result = json
            ? FailoverRunner.RunAsync(spec).GetAwaiter().GetResult()
            : FailoverRunner.RunAsync(spec, stage => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(stage)}[/]")).GetAwaiter().GetResult();
        if (json)
            ResultLine.Write(result);
        else
            Print(result);
        return result.Ok ? 0 : 1;
    }

    private static void Print(FailoverResult r)
    {
        var table = new Table().AddColumn("figure").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("scenario", $"{r.Name} ({r.Frameworks} frameworks, {r.LabelsPerTask} labels per task, {r.Transport})");
        table.AddRow("setup (first master populated)", $"{r.SetupSeconds:F2} s");
        table.AddRow("registry", $"{r.RegistryBytes:N0} bytes");
        table.AddRow("election → registry recovered", $"{r.RecoverMs:F1} ms");
        table.AddRow("election → first re-registered", $"{r.FirstAckMs:F1} ms");
        table.AddRow("election → last re-registered", $"{r.Seconds:F3} s");
        table.AddRow("re-registrations/s", $"{r.ReregistrationsPerSec:N0}");
        table.AddRow("process CPU during the phase", $"{r.MasterCpuSeconds:F2} s");
        table.AddRow("core alone: recover / all re-registrations", $"{r.CoreRecoverMs:F1} ms / {r.CoreReregisterSeconds:F3} s, {r.CoreBytesPerReregistration:N0} bytes each");
        table.AddRow("GC gen0/1/2", $"{r.Gc0}/{r.Gc1}/{r.Gc2}");
        table.AddRow("allocated", $"{r.AllocatedBytes / 1048576.0:F0} MiB");
        table.AddRow("re-registered / unreachable", $"{r.Reregistered} / {r.Unreachable}");
        table.AddRow("running / lost tasks", $"{r.RunningTasks} / {r.LostTasks}");
        table.AddRow("completed tasks reported / kept", $"{r.CompletedTasks} / {r.CompletedTasksKept}");
        table.AddRow("verdict", r.Ok ? "[green]all back[/]" : "[red]agents or tasks missing[/]");
        AnsiConsole.Write(table);
    }
}

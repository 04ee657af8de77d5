using System.Globalization;
using System.Text.Json.Nodes;
using FastMesos.Simulator.Reporting;
using Spectre.Console;

namespace FastMesos.Simulator;

/// <summary><c>fastmesos sim gate</c>: specs/performance.md §8.3's regression gate over result lines.</summary>
internal static class GateCommand
{
    public const string Usage = """
        usage: ./fastmesos sim gate --results FILE [--history PATH[,PATH…]] [--window N] [--min-history K] [--margin M] [--json]

          The regression gate of specs/performance.md §8.3. Reads the JSON result lines in FILE (a
          run's whole stdout will do: other lines are skipped; `-` reads stdin) and, for each, the
          figures its scenario's goal is set on (seconds, tasks/s, …), compares them with the last N
          comparable lines (default 10) found in the *.jsonl files under each history PATH (files or
          folders, searched recursively; default perf-reports): same scenario and shape, same
          machine (cpu, cores, kernel), same kind (a --repeat summary against summaries), ok, and
          older. The threshold is the worst of those with a margin M (default 0.9): a rate must stay
          ≥ min × M, a duration or byte count ≤ max ÷ M. A figure with fewer than K such lines
          (default 3) is not gated yet and passes as new.
          Timings depend on the machine: run it on the box the history comes from, not in CI.
          Exit 1 when a figure regressed or a run was not ok; with --json the last line is one JSON object.
        """;

    private static readonly HashSet<string> Booleans = ["json"];

    public static int Run(IReadOnlyList<string> args)
    {
        var cl = new CommandLine(args, Booleans);
        string resultsPath = cl.Text("results");
        if (resultsPath.Length == 0)
            throw new UsageException("--results FILE is required (the JSON lines to gate; - for stdin)");
        string[] historyPaths = cl.Text("history", "perf-reports").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        int window = cl.Int("window", RegressionGate.DefaultWindow, 1, 10_000);
        int minHistory = cl.Int("min-history", Math.Min(RegressionGate.DefaultMinHistory, window), 1, window);
        double margin = Margin(cl.Text("margin", RegressionGate.DefaultMargin.ToString(CultureInfo.InvariantCulture)));
        bool json = cl.Flag("json");
        cl.RejectUnknown();

        List<JsonObject> results = ReadResults(resultsPath);
        if (results.Count == 0)
            throw new UsageException($"{resultsPath} holds no result line (a JSON object with a scenario)");
        var history = new List<JsonObject>();
        foreach (string file in HistoryFiles(historyPaths))
            history.AddRange(Read(file));

        List<GateVerdict> verdicts;
        try
        {
            verdicts = RegressionGate.Check(results, history, window, margin, minHistory);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message);
        }

        int regressions = verdicts.Count(static v => v.Regressed);
        if (json)
            Console.Out.WriteLine(JsonLine(verdicts, regressions, history.Count).ToJsonString());
        else
            Print(verdicts, regressions, history.Count);
        return regressions == 0 ? 0 : 1;
    }

    private static double Margin(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double m) && m > 0 && m <= 1
            ? m
            : throw new UsageException($"--margin must be a number in (0, 1], not '{text}'");

    private static List<JsonObject> ReadResults(string path)
    {
        if (path == "-")
            return Parse(ReadLines(Console.In), "stdin");
        if (!File.Exists(path))
            throw new UsageException($"--results: no file '{path}'");
        return Read(path);
    }

    private static List<JsonObject> Read(string file) => Parse(File.ReadLines(file), file);

    private static List<JsonObject> Parse(IEnumerable<string> lines, string source)
    {
        try
        {
            return ResultLine.Parse(lines, source);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static IEnumerable<string> ReadLines(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
            yield return line;
    }

    /// <summary>The *.jsonl files of each path (a file itself, or a folder searched recursively), in ordinal order.</summary>
    private static IEnumerable<string> HistoryFiles(IEnumerable<string> paths)
    {
        foreach (string path in paths)
        {
            if (File.Exists(path))
                yield return path;
            else if (Directory.Exists(path))
            {
                foreach (string file in Directory.GetFiles(path, "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                    yield return file;
            }
            else
                throw new UsageException($"--history: no file or folder '{path}'");
        }
    }

    private static JsonObject JsonLine(List<GateVerdict> verdicts, int regressions, int historyLines)
    {
        var list = new JsonArray();
        foreach (GateVerdict v in verdicts)
        {
            list.Add(new JsonObject
            {
                ["result"] = v.Result,
                ["key"] = v.Key,
                ["figure"] = v.Figure,
                ["better"] = v.Better == Better.Higher ? "higher" : "lower",
                ["value"] = v.Value,
                ["history_runs"] = v.HistoryRuns,
                ["worst"] = v.Worst,
                ["threshold"] = v.Threshold,
                ["run_failed"] = v.RunFailed,
                ["regressed"] = v.Regressed,
            });
        }
        return new JsonObject
        {
            ["gate"] = "regression",
            ["history_lines"] = historyLines,
            ["checked"] = verdicts.Count,
            ["regressions"] = regressions,
            ["ok"] = regressions == 0,
            ["verdicts"] = list,
        };
    }

    private static void Print(List<GateVerdict> verdicts, int regressions, int historyLines)
    {
        foreach (GateVerdict v in verdicts.DistinctBy(static v => v.Result))
            AnsiConsole.MarkupLineInterpolated($"[bold]#{v.Result}[/] {v.Key}");
        var table = new Table().AddColumn("#").AddColumn("figure").AddColumn(new TableColumn("history").RightAligned())
            .AddColumn(new TableColumn("worst").RightAligned()).AddColumn(new TableColumn("threshold").RightAligned())
            .AddColumn(new TableColumn("value").RightAligned()).AddColumn("verdict");
        foreach (GateVerdict v in verdicts)
        {
            string verdict = v.RunFailed ? "[red]run not ok[/]"
                : v.Threshold is null ? "[grey]new[/]"
                : v.Regressed ? "[red]regressed[/]" : "[green]ok[/]";
            table.AddRow(v.Result.ToString(CultureInfo.InvariantCulture), $"{v.Figure} ({(v.Better == Better.Higher ? "↑" : "↓")})", v.HistoryRuns.ToString(CultureInfo.InvariantCulture),
                Number(v.Worst), Number(v.Threshold), Number(v.Value), verdict);
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"{verdicts.Count} figure(s) checked against {historyLines} history line(s): "
            + (regressions == 0 ? "[green]no regression[/]" : $"[red]{regressions} regressed[/]"));
    }

    private static string Number(double? value) => value is { } v ? v.ToString("#,0.###", CultureInfo.InvariantCulture) : "–";
}

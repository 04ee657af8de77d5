using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace FastMesos.Simulator.Reporting;

/// <summary>
/// <c>--repeat N</c> of the commands that take it: the scenario N times in a row, each run's result
/// shown as usual (its JSON line with <c>--json</c>), then, for N &gt; 1, the <see cref="RepeatSummary"/>
/// (min, median, p99, max: specs/performance.md §8.1 measures at least 10 iterations). Each line,
/// summary included, is also appended to the report folder's <c>results.jsonl</c> when there is one,
/// which is the history <c>sim gate</c> reads.
/// </summary>
internal static class RepeatedRuns
{
    /// <summary>What <c>--report DIR</c> appends every result line to.</summary>
    public const string ResultsFile = "results.jsonl";

    /// <returns>The exit code: 0 when every run was ok.</returns>
    public static int Run<T>(int repeat, bool json, string? reportDir, Func<T> runOnce, Action<T> print)
        where T : notnull
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeat, 1);
        var lines = new List<JsonObject>(repeat);
        for (int i = 0; i < repeat; i++)
        {
            if (repeat > 1)
                Console.Error.WriteLine($"fastmesos sim: run {i + 1} of {repeat}");
            T result = runOnce();
            JsonObject line = JsonSerializer.SerializeToNode(result)!.AsObject();
            string text = ResultLine.Format(line, RunProvenance.Current, DateTimeOffset.UtcNow);
            lines.Add(line);
            if (json)
                Console.Out.WriteLine(text);
            else
                print(result);
            Append(reportDir, text);
        }

        if (repeat > 1)
        {
            JsonObject summary = RepeatSummary.Of(lines);
            string text = ResultLine.Format(summary, RunProvenance.Current, DateTimeOffset.UtcNow);
            if (json)
                Console.Out.WriteLine(text);
            else
                PrintSummary(summary);
            Append(reportDir, text);
        }

        return lines.All(static l => l["ok"] is JsonValue v && v.TryGetValue(out bool ok) && ok) ? 0 : 1;
    }

    private static void Append(string? reportDir, string line)
    {
        if (reportDir is null)
            return;
        Directory.CreateDirectory(reportDir);
        File.AppendAllText(Path.Combine(reportDir, ResultsFile), line + "\n");
    }

    private static void PrintSummary(JsonObject summary)
    {
        var table = new Table().AddColumn("figure").AddColumn(new TableColumn("min").RightAligned()).AddColumn(new TableColumn("median").RightAligned())
            .AddColumn(new TableColumn("p99").RightAligned()).AddColumn(new TableColumn("max").RightAligned());
        foreach ((string name, JsonNode? _) in summary)
        {
            if (!name.EndsWith("_min", StringComparison.Ordinal))
                continue;
            string figure = name[..^4];
            table.AddRow(figure, Number(summary, figure + "_min"), Number(summary, figure), Number(summary, figure + "_p99"), Number(summary, figure + "_max"));
        }
        AnsiConsole.MarkupLine($"[bold]{summary[RepeatSummary.RunsField]} runs[/], {summary[RepeatSummary.OkRunsField]} ok");
        AnsiConsole.Write(table);
    }

    private static string Number(JsonObject line, string field) =>
        ScenarioFigures.ValueOf(line, field) is { } v ? v.ToString("#,0.###", CultureInfo.InvariantCulture) : "–";
}

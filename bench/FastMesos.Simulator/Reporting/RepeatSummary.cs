using System.Text.Json.Nodes;

namespace FastMesos.Simulator.Reporting;

/// <summary>
/// The line that ends <c>--repeat N</c>: one scenario run N times, each run a line of its own, then
/// this one. It keeps the runs' key fields (<see cref="ScenarioFigures.KeyFields"/>) and, for each
/// figure of <see cref="ScenarioFigures.Summarized"/> every run has, the median under the figure's
/// own name (so the line reads like a run's, and the gate compares medians) with <c>_min</c>,
/// <c>_p99</c> and <c>_max</c> beside it. <c>ok</c> holds only when every run was ok; lost tasks
/// and lost updates are summed over the runs (§8.2d asks for zero in 10 of 10).
/// </summary>
internal static class RepeatSummary
{
    public const string SummaryField = "summary", RunsField = "runs", OkRunsField = "ok_runs";

    private static readonly string[] Summed = ["lost_tasks", "lost"];
    private static readonly string[] Least = ["registered", "reregistered", "tasks_running"];

    public static JsonObject Of(IReadOnlyList<JsonObject> runs)
    {
        if (runs.Count == 0)
            throw new ArgumentException("no runs to summarize", nameof(runs));
        JsonObject first = runs[0];
        string scenario = first["scenario"]?.GetValue<string>() ?? throw new ArgumentException("a run without a scenario", nameof(runs));
        string key = ScenarioFigures.KeyOf(first);
        foreach (JsonObject run in runs)
        {
            if (ScenarioFigures.KeyOf(run) != key)
                throw new ArgumentException($"runs of different configurations: '{key}' and '{ScenarioFigures.KeyOf(run)}'", nameof(runs));
        }

        var summary = new JsonObject();
        foreach (string field in ScenarioFigures.KeyFields)
        {
            if (first[field] is JsonNode value)
                summary[field] = value.DeepClone();
        }

        int ok = runs.Count(static r => r["ok"] is JsonValue v && v.TryGetValue(out bool b) && b);
        summary[SummaryField] = true;
        summary[RunsField] = runs.Count;
        summary[OkRunsField] = ok;
        foreach (string field in Least)
        {
            if (Values(runs, field) is { } values)
                summary[field] = values.Min();
        }

        foreach (string field in Summed)
        {
            if (Values(runs, field) is { } values)
                summary[field] = values.Sum();
        }

        foreach (Figure figure in ScenarioFigures.Summarized(scenario))
        {
            if (Values(runs, figure.Name) is not { } values)
                continue;
            Spread spread = Spread.Of(values);
            summary[figure.Name] = spread.Median;
            summary[figure.Name + "_min"] = spread.Min;
            summary[figure.Name + "_p99"] = spread.P99;
            summary[figure.Name + "_max"] = spread.Max;
        }

        summary["ok"] = ok == runs.Count;
        return summary;
    }

    /// <summary>The field's number in every run; null when a run lacks it.</summary>
    private static List<double>? Values(IReadOnlyList<JsonObject> runs, string field)
    {
        var values = new List<double>(runs.Count);
        foreach (JsonObject run in runs)
        {
            if (ScenarioFigures.ValueOf(run, field) is not { } v)
                return null;
            values.Add(v);
        }
        return values;
    }
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace FastMesos.Simulator.Reporting;

/// <summary>
/// specs/performance.md §8.3's regression gate, adapted from the Kubernetes method: per scenario
/// and figure, the threshold is the worst of the last N comparable medians with a 10% margin, so a
/// run fails when it is more than 10% worse than every one of them was. For a rate (higher is
/// better) that is §8.3's "min of the last N medians × 0.9"; for a duration or a byte count (lower
/// is better) the worst is the max and the threshold max ÷ 0.9.
/// Comparable means: the same configuration (<see cref="ScenarioFigures.KeyOf"/>), the same
/// machine (CPU model, cores and kernel of <see cref="RunProvenance"/>: §8.1 compares runs only on
/// one machine, so lines without them never count), the same kind (a summary of repeated runs
/// against summaries, a single run against single runs), an <c>ok</c> run, and earlier than the
/// result. A figure with fewer than <c>minHistory</c> such lines is not gated yet. Timings depend
/// on the machine and its load, so CI does not run this gate; a team runs it on its benchmark box
/// against the lines kept in perf-reports/.
/// </summary>
internal static class RegressionGate
{
    public const int DefaultWindow = 10;
    public const double DefaultMargin = 0.9;

    /// <summary>
    /// Comparable lines a figure needs before it is gated: the worst of one or two earlier runs is
    /// no threshold on a machine whose runs spread ±20% (gating this report's first history against
    /// itself flagged two runs 1% over the one run before them).
    /// </summary>
    public const int DefaultMinHistory = 3;

    public static List<GateVerdict> Check(IReadOnlyList<JsonObject> results, IReadOnlyList<JsonObject> history, int window, double margin,
        int minHistory = DefaultMinHistory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minHistory, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minHistory, window);
        if (margin is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(margin), margin, "the margin is a factor in (0, 1]");
        // Each history line described once, oldest first: the filter below runs per result.
        var described = history
            .Where(IsOk)
            .Select(static h => (Line: h, Key: ScenarioFigures.KeyOf(h), Machine: MachineOf(h), Summary: IsSummary(h), Time: TimeOf(h)))
            .Where(static d => d.Machine is not null && d.Time is not null)
            .OrderBy(static d => d.Time)
            .ToList();
        var verdicts = new List<GateVerdict>();
        for (int i = 0; i < results.Count; i++)
        {
            JsonObject result = results[i];
            string machine = MachineOf(result)
                ?? throw new InvalidDataException($"result {i + 1} ({ScenarioFigures.KeyOf(result)}) names no machine (cpu, cores, kernel): a line from a simulator older than its provenance fields cannot be gated");
            string key = ScenarioFigures.KeyOf(result);
            bool summary = IsSummary(result);
            DateTimeOffset? time = TimeOf(result);
            List<JsonObject> comparable = [.. described
                .Where(d => d.Summary == summary && d.Machine == machine && d.Key == key && (time is null || d.Time < time))
                .TakeLast(window)
                .Select(static d => d.Line)];
            string scenario = result["scenario"]!.GetValue<string>();
            foreach (Figure figure in ScenarioFigures.Gated(scenario))
            {
                if (ScenarioFigures.ValueOf(result, figure.Name) is not { } value)
                    continue;
                List<double> past = [.. comparable.Select(h => ScenarioFigures.ValueOf(h, figure.Name)).OfType<double>()];
                double? worst = past.Count == 0 ? null : figure.Better == Better.Higher ? past.Min() : past.Max();
                double? threshold = past.Count < minHistory || worst is not { } w ? null : figure.Better == Better.Higher ? w * margin : w / margin;
                verdicts.Add(new GateVerdict(i + 1, key, figure.Name, figure.Better, value, past.Count, worst, threshold) { RunFailed = !IsOk(result) });
            }
        }
        return verdicts;
    }

    /// <summary>The machine a line was measured on (cpu, cores, kernel), or null when it does not say.</summary>
    public static string? MachineOf(JsonObject line) =>
        line[RunProvenance.CpuField] is JsonValue cpu && line[RunProvenance.CoresField] is JsonValue cores && line[RunProvenance.KernelField] is JsonValue kernel
            ? $"{cpu.ToJsonString()} × {cores.ToJsonString()} on {kernel.ToJsonString()}"
            : null;

    private static bool IsSummary(JsonObject line) => line[RepeatSummary.SummaryField] is JsonValue v && v.TryGetValue(out bool b) && b;

    private static bool IsOk(JsonObject line) => line["ok"] is JsonValue v && v.TryGetValue(out bool b) && b;

    private static DateTimeOffset? TimeOf(JsonObject line) =>
        line[RunProvenance.TimeField] is JsonValue v && v.TryGetValue(out string? text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t)
            ? t
            : null;
}

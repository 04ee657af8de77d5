using System.Globalization;
using System.Text;
using System.Text.Json;
using HdrHistogram;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// <c>--report DIR</c>: <c>DIR/cluster-&lt;scenario&gt;.md</c>, the run's figures as a table, and its
/// plots as SVG: <c>-heartbeats.svg</c>, the CDF of the heartbeat latencies of the measured phase
/// (every scenario records them); <c>-registrations.svg</c>, agents answered over time since the
/// latest dial round began (the re-registrations after a failover); <c>-running.svg</c>, tasks
/// RUNNING over time since the first offer (scenarios that launch and report it).
/// </summary>
internal static class ClusterReport
{
    // Enough points for a smooth curve, few enough that the SVG stays a few kilobytes.
    private const int CurvePoints = 200;

    public static void Write(string dir, ClusterResult result, LongHistogram pings, ClusterMeasurement measured)
    {
        Directory.CreateDirectory(dir);
        string name = $"cluster-{result.Scenario}";
        var points = new List<(double X, double Y)>();
        if (pings.TotalCount > 0)
        {
            foreach (var v in pings.Percentiles(5))
                points.Add((v.ValueIteratedTo / 1000.0, v.PercentileLevelIteratedTo));
        }

        File.WriteAllText(Path.Combine(dir, name + "-heartbeats.svg"),
            SvgPlot.Line($"{result.Scenario}: heartbeat latency CDF ({result.Pings:N0} pings)", "master → agent ms", "percentile", points));

        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# sim cluster --scenario {result.Scenario}, {result.Agents:N0} agents\n\n| figure | value |\n|---|---|\n");
        using JsonDocument doc = JsonDocument.Parse(JsonSerializer.Serialize(result));
        foreach (JsonProperty p in doc.RootElement.EnumerateObject())
        {
            if (p.Value.ValueKind is JsonValueKind.Number && p.Value.GetDouble() == 0)
                continue;
            md.Append(CultureInfo.InvariantCulture, $"| `{p.Name}` | {p.Value} |\n");
        }

        md.Append(CultureInfo.InvariantCulture, $"\n![heartbeat latency CDF]({name}-heartbeats.svg)\n");

        long dialStart = long.MaxValue;
        var answered = new List<long>();
        foreach (AgentsReport s in measured.Stats)
        {
            if (s.RegisteredAt.Length == 0)
                continue;
            dialStart = Math.Min(dialStart, s.DialStartedAt);
            answered.AddRange(s.RegisteredAt);
        }

        if (answered.Count > 0)
        {
            string verb = result.Scenario == ClusterSpec.Failover ? "re-registered" : "registered";
            File.WriteAllText(Path.Combine(dir, name + "-registrations.svg"),
                SvgPlot.Line($"{result.Scenario}: agents {verb} over time", "ms since the first dial", $"agents {verb}", Cumulative(answered, dialStart)));
            md.Append(CultureInfo.InvariantCulture, $"\n![agents {verb} over time]({name}-registrations.svg)\n");
        }

        if (measured.RunningAt.Length > 0)
        {
            File.WriteAllText(Path.Combine(dir, name + "-running.svg"),
                SvgPlot.Line($"{result.Scenario}: tasks RUNNING over time", "ms since the first offer", "tasks RUNNING", Cumulative(new List<long>(measured.RunningAt), measured.FirstOfferAt)));
            md.Append(CultureInfo.InvariantCulture, $"\n![tasks RUNNING over time]({name}-running.svg)\n");
        }

        File.WriteAllText(Path.Combine(dir, name + ".md"), md.ToString());
    }

    /// <summary>
    /// The running count of <paramref name="timestamps"/> (Stopwatch) against milliseconds since
    /// <paramref name="start"/>: at most <see cref="CurvePoints"/> points, always the last one.
    /// </summary>
    internal static List<(double X, double Y)> Cumulative(List<long> timestamps, long start)
    {
        timestamps.Sort();
        var points = new List<(double X, double Y)>(CurvePoints + 2) { (0, 0) };
        int step = Math.Max(1, timestamps.Count / CurvePoints);
        for (int i = step - 1; i < timestamps.Count; i += step)
            points.Add((Math.Max(0, timestamps[i] - start) * 1000.0 / System.Diagnostics.Stopwatch.Frequency, i + 1));
        if (points[^1].Y != timestamps.Count)
            points.Add((Math.Max(0, timestamps[^1] - start) * 1000.0 / System.Diagnostics.Stopwatch.Frequency, timestamps.Count));
        return points;
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using HdrHistogram;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// <c>--report DIR</c>: <c>DIR/cluster-&lt;scenario&gt;.md</c>, the run's figures as a table, and
/// <c>DIR/cluster-&lt;scenario&gt;-heartbeats.svg</c>, the CDF of the heartbeat latencies of the
/// measured phase (every scenario records them).
/// </summary>
internal static class ClusterReport
{
    public static void Write(string dir, ClusterResult result, LongHistogram pings)
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
        File.WriteAllText(Path.Combine(dir, name + ".md"), md.ToString());
    }
}

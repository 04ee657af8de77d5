using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FastMesos.Simulator.Reporting;

/// <summary>
/// What identifies a scenario's configuration in a result line, and which of its figures a
/// summary of repeated runs reports and <see cref="RegressionGate"/> gates: the figure each
/// scenario of specs/performance.md §8.2 sets its goal on.
/// </summary>
internal static class ScenarioFigures
{
    /// <summary>
    /// The fields that make two lines the same experiment (whichever a line has): the scenario and
    /// its shape. Outcomes (registered, seconds …) are not among them, and neither is the machine,
    /// which <see cref="RunProvenance"/> fields tell.
    /// </summary>
    public static readonly string[] KeyFields =
    [
        "scenario", "name", "phase", "transport", "pinned", "agents", "agent_processes", "frameworks", "roles", "quota",
        "tasks", "completed_tasks", "labels_per_task", "apps", "instances", "warmup", "master_warmup_agents",
        "heartbeat_transport", "api", "store", "max_instances_per_offer",
    ];

    /// <summary>Figures every summary reports when the runs have them, besides the gated ones.</summary>
    private static readonly Figure[] Common =
    [
        new("seconds", Better.Lower), new("master_cpu_seconds", Better.Lower), new("sim_cpu_seconds", Better.Lower),
        new("master_rss_mb", Better.Lower),
    ];

    private static readonly Figure Seconds = new("seconds", Better.Lower);

    /// <summary>The figures a scenario's goal is set on (§8.2), which the gate compares.</summary>
    public static IReadOnlyList<Figure> Gated(string scenario) => scenario switch
    {
        "register" or "marathon" or "deploy" or "scale" or "group" => [Seconds],
        // arrival_p99_ms is the master's and the loopback's latency; p99_ms adds the simulated
        // agents' read tick (bench/README.md). Lines without arrival stamps (TCP pings) skip it.
        "heartbeats" => [new("master_cpu_us_per_heartbeat", Better.Lower), new("arrival_p99_ms", Better.Lower), new("p99_ms", Better.Lower)],
        "launch" => [new("tasks_per_sec", Better.Higher)],
        "status" => [new("updates_per_sec", Better.Higher)],
        "failover" => [Seconds, new("first_offer_after_reregistration_ms", Better.Lower)],
        "state" => [new("state_p50_ms", Better.Lower), new("state_msgpack_p50_ms", Better.Lower)],
        "launch-inproc" => [new("tasks_per_sec", Better.Higher), new("master_allocated_bytes_per_task", Better.Lower)],
        _ when scenario.StartsWith("A-", StringComparison.Ordinal) =>
            [new("cycle_ms_median", Better.Lower), new("allocated_bytes_per_cycle", Better.Lower)],
        _ => [Seconds],
    };

    /// <summary>The gated figures, then the common ones, each once.</summary>
    public static IEnumerable<Figure> Summarized(string scenario) => Gated(scenario).Concat(Common).DistinctBy(static f => f.Name);

    /// <summary>The line's configuration as one comparable text: its key fields present, in <see cref="KeyFields"/> order (<c>scenario=register agents=10000 …</c>).</summary>
    public static string KeyOf(JsonObject line)
    {
        var parts = new List<string>();
        foreach (string field in KeyFields)
        {
            if (line[field] is JsonValue value)
                parts.Add($"{field}={(value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString())}");
        }
        return string.Join(' ', parts);
    }

    /// <summary>The figure's number in the line; null when the line has none (or not a number).</summary>
    public static double? ValueOf(JsonObject line, string figure)
    {
        if (line[figure] is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
            return null;
        // A parsed line's numbers convert; a value built from an int or a long does not, but its text does.
        return v.TryGetValue(out double d) ? d : double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace FastMesos.Simulator.Reporting;

/// <summary>
/// The one JSON line a <c>--json</c> run ends with: the result's own fields, then its
/// <see cref="RunProvenance"/> (commit, runtime, machine, time), so every line says what produced
/// it wherever it is copied to (specs/performance.md §8.3: "one line per scenario: scenario, build
/// sha, runtime, cpu, pinned?, …"). Also reads such lines back for <see cref="RegressionGate"/>.
/// </summary>
internal static class ResultLine
{
    /// <summary><paramref name="result"/> as a line with this process's provenance, stamped now.</summary>
    public static string Format(object result) => Format(JsonSerializer.SerializeToNode(result)!.AsObject(), RunProvenance.Current, DateTimeOffset.UtcNow);

    public static string Format(JsonObject line, RunProvenance provenance, DateTimeOffset now)
    {
        provenance.AddTo(line, now);
        return line.ToJsonString();
    }

    /// <summary>Writes <paramref name="result"/>'s line to stdout.</summary>
    public static void Write(object result) => Console.Out.WriteLine(Format(result));

    /// <summary>
    /// The JSON objects among <paramref name="lines"/> that name a scenario, in order. Other lines
    /// (progress, a table, blank lines) are skipped, so a run's whole stdout can be read; a line that
    /// begins like an object but does not parse is an error naming its number.
    /// </summary>
    public static List<JsonObject> Parse(IEnumerable<string> lines, string source)
    {
        var results = new List<JsonObject>();
        int number = 0;
        foreach (string raw in lines)
        {
            number++;
            string line = raw.Trim();
            if (!line.StartsWith('{'))
                continue;
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(line);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{source}:{number}: not a JSON object ({e.Message})");
            }
            if (node is JsonObject o && o["scenario"] is JsonValue)
                results.Add(o);
        }
        return results;
    }
}

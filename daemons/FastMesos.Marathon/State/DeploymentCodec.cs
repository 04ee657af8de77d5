using System.Buffers;
using System.Text.Json;
using FastMesos.Apps.Deployments;
using FastMesos.Marathon.Http;

namespace FastMesos.Marathon.State;

/// <summary>
/// A running deployment as stored (<c>deployments/&lt;id&gt;</c>, JSON format 1): the planner's inputs
/// (the original and target apps, the instances to kill) rather than the steps, so the new leader
/// re-plans the same steps with <see cref="DeploymentPlanner"/> (deterministic); the step in
/// progress; and the app versions before and after, by id, for a rollback after failover.
/// </summary>
internal static class DeploymentCodec
{
    private const int Format = 1;

    public static byte[] Write(StoredDeployment deployment)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("format", Format);
            w.WriteString("id", deployment.Id);
            w.WriteString("version", Timestamps.Format(deployment.Version));
            w.WriteNumber("step", deployment.Step);
            WriteApps(w, "original", deployment.Original);
            WriteApps(w, "target", deployment.Target);
            w.WriteStartObject("toKill");
            foreach ((string appId, IReadOnlyList<string> ids) in deployment.ToKill)
            {
                w.WriteStartArray(appId);
                foreach (string id in ids)
                    w.WriteStringValue(id);
                w.WriteEndArray();
            }
            w.WriteEndObject();
            WriteVersions(w, "before", deployment.VersionsBefore);
            WriteVersions(w, "targets", deployment.TargetVersions);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a stored deployment; throws <see cref="FormatException"/> for anything else.</summary>
    public static StoredDeployment Read(byte[] bytes)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes);
            JsonElement root = document.RootElement;
            if (root.GetProperty("format").GetInt32() != Format)
                throw new FormatException("unknown deployment format");
            var toKill = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (JsonProperty app in root.GetProperty("toKill").EnumerateObject())
                toKill[app.Name] = Strings(app.Value);
            return new StoredDeployment(
                root.GetProperty("id").GetString()!,
                Time(root.GetProperty("version")),
                root.GetProperty("step").GetInt32(),
                ReadApps(root.GetProperty("original")),
                ReadApps(root.GetProperty("target")),
                toKill,
                ReadVersions(root.GetProperty("before")),
                ReadVersions(root.GetProperty("targets")));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("stored deployment is not readable: " + e.Message, e);
        }
    }

    private static void WriteApps(Utf8JsonWriter w, string name, IReadOnlyList<PlanApp> apps)
    {
        w.WriteStartArray(name);
        foreach (PlanApp app in apps)
        {
            w.WriteStartObject();
            w.WriteString("id", app.Id);
            w.WriteNumber("instances", app.Instances);
            w.WriteStartArray("dependencies");
            foreach (string dependency in app.Dependencies)
                w.WriteStringValue(dependency);
            w.WriteEndArray();
            w.WriteBoolean("restart", app.NeedsRestart);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static List<PlanApp> ReadApps(JsonElement array)
    {
        var apps = new List<PlanApp>();
        foreach (JsonElement app in array.EnumerateArray())
        {
            apps.Add(new PlanApp(app.GetProperty("id").GetString()!, app.GetProperty("instances").GetInt32(),
                Strings(app.GetProperty("dependencies")), app.GetProperty("restart").GetBoolean()));
        }
        return apps;
    }

    private static void WriteVersions(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, DateTimeOffset> versions)
    {
        w.WriteStartObject(name);
        foreach ((string appId, DateTimeOffset version) in versions)
            w.WriteString(appId, Timestamps.Format(version));
        w.WriteEndObject();
    }

    private static Dictionary<string, DateTimeOffset> ReadVersions(JsonElement obj)
    {
        var versions = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (JsonProperty app in obj.EnumerateObject())
            versions[app.Name] = Time(app.Value);
        return versions;
    }

    private static List<string> Strings(JsonElement array)
    {
        var strings = new List<string>();
        foreach (JsonElement item in array.EnumerateArray())
            strings.Add(item.GetString()!);
        return strings;
    }

    private static DateTimeOffset Time(JsonElement element) =>
        Timestamps.TryParse(element.GetString(), out DateTimeOffset time) ? time : throw new FormatException($"'{element}' is not a timestamp");
}

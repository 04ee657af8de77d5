using System.Buffers;
using System.Text.Json;
using FastMesos.Apps.Health;
using FastMesos.Marathon.Http;

namespace FastMesos.Marathon.State;

/// <summary>
/// An instance's last known health as stored (<c>health/&lt;instanceId&gt;</c>, JSON): the task it
/// belongs to, its overall verdict and one <see cref="HealthState"/> per check. Kept apart from
/// the instance record so a verdict change writes this small value only, and only on a change.
/// </summary>
internal static class HealthCodec
{
    public static byte[] Write(string taskId, bool? healthy, HealthState[] results)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("taskId", taskId);
            WriteBool(w, "healthy", healthy);
            w.WriteStartArray("results");
            foreach (HealthState result in results)
            {
                w.WriteStartObject();
                HealthStateJson.WriteFields(w, result);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The stored health, or false when the bytes are not one (health is re-probed anyway).</summary>
    public static bool TryRead(byte[] bytes, out string taskId, out bool? healthy, out HealthState[] results)
    {
        taskId = "";
        healthy = null;
        results = [];
        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes);
            JsonElement root = document.RootElement;
            taskId = root.GetProperty("taskId").GetString()!;
            healthy = Bool(root, "healthy");
            JsonElement array = root.GetProperty("results");
            results = new HealthState[array.GetArrayLength()];
            int i = 0;
            foreach (JsonElement item in array.EnumerateArray())
            {
                results[i++] = new HealthState
                {
                    Alive = Bool(item, "alive"),
                    ConsecutiveFailures = item.GetProperty("consecutiveFailures").GetInt32(),
                    FirstSuccess = Time(item, "firstSuccess"),
                    LastSuccess = Time(item, "lastSuccess"),
                    LastFailure = Time(item, "lastFailure"),
                    LastFailureCause = item.TryGetProperty("lastFailureCause", out JsonElement cause) ? cause.GetString() : null,
                };
            }
            return taskId is not null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    private static void WriteBool(Utf8JsonWriter w, string name, bool? value)
    {
        if (value is { } v)
            w.WriteBoolean(name, v);
    }

    private static bool? Bool(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    private static DateTimeOffset? Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && Timestamps.TryParse(value.GetString(), out DateTimeOffset time) ? time : null;
}

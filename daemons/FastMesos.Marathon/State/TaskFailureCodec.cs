using System.Buffers;
using System.Text.Json;
using FastMesos.Marathon.Http;
using FastMesos.Marathon.Runtime;

namespace FastMesos.Marathon.State;

/// <summary>
/// An app's last task failure as stored (<c>failures/&lt;app&gt;</c>, JSON), so <c>lastTaskFailure</c>
/// survives a restart or a failover (specs/marathon.md §2). Written once per failure — rare.
/// </summary>
internal static class TaskFailureCodec
{
    public static byte[] Write(TaskFailure failure)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("appId", failure.AppId);
            if (failure.Host is not null)
                w.WriteString("host", failure.Host);
            w.WriteString("message", failure.Message);
            w.WriteString("state", failure.State);
            w.WriteString("taskId", failure.TaskId);
            w.WriteString("timestamp", Timestamps.Format(failure.Timestamp));
            w.WriteString("version", Timestamps.Format(failure.Version));
            if (failure.SlaveId is not null)
                w.WriteString("slaveId", failure.SlaveId);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The stored failure, or null when the bytes are not one (a diagnostic is never worth a failed start).</summary>
    public static TaskFailure? Read(byte[] bytes)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes);
            JsonElement root = document.RootElement;
            if (!Timestamps.TryParse(root.GetProperty("timestamp").GetString(), out DateTimeOffset timestamp)
                || !Timestamps.TryParse(root.GetProperty("version").GetString(), out DateTimeOffset version))
                return null;
            return new TaskFailure(
                root.GetProperty("appId").GetString()!,
                Optional(root, "host"),
                root.GetProperty("message").GetString() ?? "",
                root.GetProperty("state").GetString()!,
                root.GetProperty("taskId").GetString()!,
                timestamp,
                version,
                Optional(root, "slaveId"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

using System.Buffers;
using System.Text.Json;
using FastMesos.Marathon.Http;
using FastMesos.Marathon.Runtime;
using FastMesos.Messages;

namespace FastMesos.Marathon.State;

/// <summary>
/// An instance as stored (<c>instances/&lt;instance id&gt;</c>): enough to find its task again after
/// a restart or failover and to reconcile it with the master. JSON, format 1.
/// </summary>
internal static class InstanceCodec
{
    private const int Format = 1;

    public static byte[] Write(Instance instance)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("format", Format);
            w.WriteString("instanceId", instance.InstanceId);
            w.WriteString("appId", instance.AppId);
            w.WriteString("version", Timestamps.Format(instance.AppVersion));
            w.WriteString("goal", instance.Goal.ToString());
            w.WriteNumber("incarnation", instance.Incarnation);
            if (instance.State is { } state)
                w.WriteString("state", state.WireName());
            if (instance.AgentId is { } agent)
                w.WriteString("agentId", agent.Value);
            if (instance.Host is { } host)
                w.WriteString("host", host);
            w.WriteStartArray("hostPorts");
            foreach (int port in instance.HostPorts)
                w.WriteNumberValue(port);
            w.WriteEndArray();
            if (instance.StagedAt is { } staged)
                w.WriteString("stagedAt", Timestamps.Format(staged));
            if (instance.StartedAt is { } started)
                w.WriteString("startedAt", Timestamps.Format(started));
            if (instance.UnreachableSince is { } unreachable)
                w.WriteString("unreachableSince", Timestamps.Format(unreachable));
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a stored instance; throws <see cref="FormatException"/> for anything else.</summary>
    public static Instance Read(byte[] bytes)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes);
            JsonElement root = document.RootElement;
            if (root.GetProperty("format").GetInt32() != Format)
                throw new FormatException("unknown instance format");
            var instance = new Instance
            {
                InstanceId = root.GetProperty("instanceId").GetString()!,
                AppId = root.GetProperty("appId").GetString()!,
                AppVersion = Time(root.GetProperty("version")),
                Goal = Enum.Parse<InstanceGoal>(root.GetProperty("goal").GetString()!),
                Incarnation = root.GetProperty("incarnation").GetInt32(),
            };
            if (root.TryGetProperty("state", out JsonElement state))
                instance.State = StateOf(state.GetString()!);
            if (root.TryGetProperty("agentId", out JsonElement agent))
                instance.AgentId = new AgentId(agent.GetString()!);
            if (root.TryGetProperty("host", out JsonElement host))
                instance.Host = host.GetString();
            var ports = new List<int>();
            foreach (JsonElement port in root.GetProperty("hostPorts").EnumerateArray())
                ports.Add(port.GetInt32());
            instance.HostPorts = ports;
            if (root.TryGetProperty("stagedAt", out JsonElement staged))
                instance.StagedAt = Time(staged);
            if (root.TryGetProperty("startedAt", out JsonElement started))
                instance.StartedAt = Time(started);
            if (root.TryGetProperty("unreachableSince", out JsonElement unreachable))
                instance.UnreachableSince = Time(unreachable);
            return instance;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException("stored instance is not readable: " + e.Message, e);
        }
    }

    private static DateTimeOffset Time(JsonElement element) =>
        Timestamps.TryParse(element.GetString(), out DateTimeOffset time) ? time : throw new FormatException($"'{element}' is not a timestamp");

    private static TaskState StateOf(string name)
    {
        foreach (TaskState state in Enum.GetValues<TaskState>())
        {
            if (state.WireName() == name)
                return state;
        }
        throw new FormatException($"'{name}' is not a task state");
    }
}

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

    // One buffer and writer per thread, reused: Utf8JsonWriter asks its IBufferWriter for 4 KiB
    // at a time, so a fresh pair per call cost ~5 KB of garbage for a ~300-byte record — half of
    // everything a launched task allocated (perf-reports/2026-12-04-marathon.md). Write never
    // awaits, so a thread-static pair is never shared by two calls.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    public static byte[] Write(Instance instance)
    {
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        Utf8JsonWriter w = t_writer ??= new Utf8JsonWriter(buffer);
        w.Reset(buffer);
        w.WriteStartObject();
        w.WriteNumber("format", Format);
        w.WriteString("instanceId", instance.InstanceId);
        w.WriteString("appId", instance.AppId);
        Time(w, "version", instance.AppVersion);
        w.WriteString("goal", GoalName(instance.Goal));
        w.WriteNumber("incarnation", instance.Incarnation);
        if (instance.State is { } state)
            w.WriteString("state", state.WireName());
        if (instance.AgentId is { } agent)
            w.WriteString("agentId", agent.Value);
        if (instance.Host is { } host)
            w.WriteString("host", host);
        w.WriteStartArray("hostPorts");
        // By index: a foreach over the interface boxes an enumerator per record written.
        IReadOnlyList<int> ports = instance.HostPorts;
        for (int i = 0; i < ports.Count; i++)
            w.WriteNumberValue(ports[i]);
        w.WriteEndArray();
        if (instance.StagedAt is { } staged)
            Time(w, "stagedAt", staged);
        if (instance.StartedAt is { } started)
            Time(w, "startedAt", started);
        if (instance.UnreachableSince is { } unreachable)
            Time(w, "unreachableSince", unreachable);
        w.WriteEndObject();
        w.Flush();
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
            instance.HostPorts = [.. ports];
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

    // Enum.ToString allocates; the names are the enum's, so Read's Enum.Parse accepts them.
    private static string GoalName(InstanceGoal goal) => goal switch
    {
        InstanceGoal.Running => nameof(InstanceGoal.Running),
        InstanceGoal.Decommissioned => nameof(InstanceGoal.Decommissioned),
        _ => goal.ToString(),
    };

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset time)
    {
        Span<char> text = stackalloc char[Timestamps.Length];
        w.WriteString(name, text[..Timestamps.Format(time, text)]);
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

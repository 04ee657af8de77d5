using System.Buffers;
using System.Text.Json;
using FastMesos.Marathon.Http;
using FastMesos.Marathon.Runtime;
using FastMesos.Messages;
using MessagePack;

namespace FastMesos.Marathon.State;

/// <summary>
/// An instance as stored (<c>instances/&lt;instance id&gt;</c>): enough to find its task again after
/// a restart or failover and to reconcile it with the master.
/// <para>
/// Format 2 (written): a MessagePack array <c>[2, instanceId, appId, version, goal, incarnation,
/// state?, agentId?, host?, [hostPorts], stagedAt?, startedAt?, unreachableSince?]</c>, times in Unix
/// milliseconds (the precision format 1's text kept), the goal and the task state by name: less than
/// half of format 1's JSON (about 175 bytes for a running Marathon task against 370). A launched task
/// is written twice (launched, then running), and the store writes whole pages of its write-ahead log
/// per commit, so the record's size sets how many pages a batch of launches or status updates writes.
/// </para>
/// <para>Format 1 (read, from stores written before): a JSON object with the same fields by name.</para>
/// </summary>
internal static class InstanceCodec
{
    private const int Format = 2;
    private const int JsonFormat = 1;
    private const int Fields = 13;

    // One buffer per thread, reused (a fresh one per call was half of what a launched task
    // allocated, perf-reports/2026-12-04-marathon.md). Write never awaits, so it is never shared
    // by two calls.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static char[]? t_id;

    public static byte[] Write(Instance instance) => Encode(instance).ToArray();

    /// <summary>
    /// The record of <paramref name="instance"/> in this thread's reused buffer: valid until the
    /// thread's next <see cref="Encode"/> or <see cref="Write"/>, so the caller copies it at once
    /// (<see cref="StoreBatch.Put"/> does).
    /// </summary>
    public static ReadOnlySpan<byte> Encode(Instance instance)
    {
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var w = new MessagePackWriter(buffer);
        w.WriteArrayHeader(Fields);
        w.Write(Format);
        // MessagePackWriter.Write takes no stack span (ref safety), so the id goes through this
        // thread's reused characters.
        char[] id = t_id ??= new char[MaxStackIdChars];
        if (instance.TryFormatId(id, out int idLength))
            w.Write(id.AsSpan(0, idLength));
        else
            w.Write(instance.InstanceId);
        w.Write(instance.AppId);
        w.Write(instance.AppVersion.ToUnixTimeMilliseconds());
        w.Write(GoalName(instance.Goal));
        w.Write(instance.Incarnation);
        w.Write(instance.State is { } state ? state.WireName() : null);
        w.Write(instance.AgentId?.Value);
        w.Write(instance.Host);
        HostPortList ports = instance.HostPorts;
        w.WriteArrayHeader(ports.Count);
        for (int i = 0; i < ports.Count; i++)
            w.Write(ports[i]);
        WriteTime(ref w, instance.StagedAt);
        WriteTime(ref w, instance.StartedAt);
        WriteTime(ref w, instance.UnreachableSince);
        w.Flush();
        return buffer.WrittenSpan;
    }

    /// <summary>
    /// Adds <paramref name="instance"/>'s record to <paramref name="batch"/> under
    /// <c>instances/&lt;instance id&gt;</c>, building no id string (what a launch or a status update
    /// writes, twice per instance in a deploy).
    /// </summary>
    public static void Put(StoreBatch batch, Instance instance)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ReadOnlySpan<byte> record = Encode(instance);
        Span<char> id = stackalloc char[MaxStackIdChars];
        if (instance.TryFormatId(id, out int idLength))
            batch.Put(Instance.StorePrefix, id[..idLength], record);
        else
            batch.Put(Instance.StorePrefix, instance.InstanceId, record);
    }

    /// <summary>Ids up to this long are formatted on the stack (longer ones, of apps with paths of hundreds of characters, as strings).</summary>
    private const int MaxStackIdChars = 256;

    /// <summary>Reads a stored instance of either format; throws <see cref="FormatException"/> for anything else.</summary>
    public static Instance Read(byte[] bytes) =>
        bytes.Length > 0 && bytes[0] == (byte)'{' ? ReadJson(bytes) : ReadPacked(bytes);

    private static Instance ReadPacked(byte[] bytes)
    {
        try
        {
            var r = new MessagePackReader(bytes);
            int count = r.ReadArrayHeader();
            if (count < Fields || r.ReadInt32() != Format)
                throw new FormatException("unknown instance format");
            string id = r.ReadString() ?? throw new FormatException("an instance without an id");
            var instance = new Instance
            {
                Uuid = Instance.UuidOf(id),
                AppId = r.ReadString() ?? throw new FormatException("an instance without an app"),
                AppVersion = DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64()),
                Goal = Enum.Parse<InstanceGoal>(r.ReadString() ?? ""),
                Incarnation = r.ReadInt32(),
            };
            if (r.ReadString() is { } state)
                instance.State = StateOf(state);
            if (r.ReadString() is { } agent)
                instance.AgentId = new AgentId(agent);
            instance.Host = r.ReadString();
            int portCount = r.ReadArrayHeader();
            Span<int> ports = portCount <= HostPortList.MaxStackPorts ? stackalloc int[portCount] : new int[portCount];
            for (int i = 0; i < ports.Length; i++)
                ports[i] = r.ReadInt32();
            instance.HostPorts = HostPortList.Of(ports);
            instance.StagedAt = ReadTime(ref r);
            instance.StartedAt = ReadTime(ref r);
            instance.UnreachableSince = ReadTime(ref r);
            return OfItsApp(instance, id);
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or ArgumentException or OverflowException)
        {
            throw new FormatException("stored instance is not readable: " + e.Message, e);
        }
    }

    /// <summary>
    /// <paramref name="instance"/>, once its id as stored is the one it makes from its app and UUID
    /// (an instance keeps only the UUID of its id); <see cref="FormatException"/> otherwise.
    /// </summary>
    private static Instance OfItsApp(Instance instance, string storedId) =>
        instance.HasId(storedId) ? instance : throw new FormatException($"instance id '{storedId}' is not one of app '{instance.AppId}'");

    private static void WriteTime(ref MessagePackWriter w, DateTimeOffset? time)
    {
        if (time is { } t)
            w.Write(t.ToUnixTimeMilliseconds());
        else
            w.WriteNil();
    }

    private static DateTimeOffset? ReadTime(ref MessagePackReader r) =>
        r.TryReadNil() ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64());

    /// <summary>Format 1, the JSON object stores held before format 2.</summary>
    private static Instance ReadJson(byte[] bytes)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes);
            JsonElement root = document.RootElement;
            if (root.GetProperty("format").GetInt32() != JsonFormat)
                throw new FormatException("unknown instance format");
            string id = root.GetProperty("instanceId").GetString()!;
            var instance = new Instance
            {
                Uuid = Instance.UuidOf(id),
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
            instance.HostPorts = HostPortList.Of(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ports));
            if (root.TryGetProperty("stagedAt", out JsonElement staged))
                instance.StagedAt = Time(staged);
            if (root.TryGetProperty("startedAt", out JsonElement started))
                instance.StartedAt = Time(started);
            if (root.TryGetProperty("unreachableSince", out JsonElement unreachable))
                instance.UnreachableSince = Time(unreachable);
            return OfItsApp(instance, id);
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

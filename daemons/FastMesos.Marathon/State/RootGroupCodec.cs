using System.Buffers;
using System.Text.Json;
using FastMesos.Apps.Model;
using FastMesos.Marathon.Http;

namespace FastMesos.Marathon.State;

/// <summary>
/// The stored root group (<c>group</c>, and each <c>groupversions/&lt;ts&gt;</c>), format 2: the tree's
/// shape with every app as a reference <c>{id, version}</c> to its stored version, as Marathon keeps
/// its root. A change to one app then writes that app's new version and a tree of references, where
/// format 1 (no <c>format</c> field: the whole tree as GroupInfo JSON, still read) rewrote every
/// app's definition on every change — with a thousand apps, about a megabyte per POST.
/// </summary>
internal static class RootGroupCodec
{
    private const int Format = 2;

    /// <summary>
    /// The reference form of <paramref name="root"/>. Every app must carry a version (a deployed tree
    /// is stamped), since that is what the reference names.
    /// </summary>
    public static byte[] Write(Group root)
    {
        // Reused per thread like GroupJsonWriter's: written on every deployment, never awaited between reset and copy.
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        buffer.ResetWrittenCount();
        Utf8JsonWriter w = t_writer ??= new Utf8JsonWriter(buffer);
        w.Reset(buffer);
        w.WriteStartObject();
        w.WriteNumber("format", Format);
        w.WritePropertyName("root");
        WriteGroup(w, root);
        w.WriteEndObject();
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    private static void WriteGroup(Utf8JsonWriter w, Group group)
    {
        w.WriteStartObject();
        w.WriteString("id", group.Id.ToString());
        if (group.Version is DateTimeOffset version)
            w.WriteString("version", Timestamps.Format(version));
        w.WriteBoolean("enforceRole", group.EnforceRole);
        w.WriteStartArray("dependencies");
        foreach (PathId dependency in group.Dependencies)
            w.WriteStringValue(dependency.ToString());
        w.WriteEndArray();
        w.WriteStartArray("apps");
        Span<char> text = stackalloc char[Timestamps.Length];
        foreach (AppDefinition app in group.Apps)
        {
            if (app.Version is not DateTimeOffset appVersion)
                throw new InvalidOperationException($"app {app.Id} has no version to store a reference to");
            w.WriteStartObject();
            w.WriteString("id", app.Id.ToString());
            w.WriteString("version", text[..Timestamps.Format(appVersion, text)]);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("groups");
        foreach (Group child in group.Groups)
            WriteGroup(w, child);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// The stored tree in reference form, or null when <paramref name="bytes"/> hold format 1 (a whole
    /// GroupInfo tree, for <c>GroupJsonReader</c>). Throws <see cref="FormatException"/> for anything else.
    /// </summary>
    public static StoredGroup? Read(byte[] bytes)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes);
            JsonElement top = document.RootElement;
            if (top.ValueKind != JsonValueKind.Object)
                throw new FormatException("a stored root group is a JSON object");
            if (!top.TryGetProperty("format", out JsonElement format))
                return null;
            if (format.GetInt32() != Format)
                throw new FormatException($"unknown stored root group format {format.GetInt32()}");
            return ReadGroup(top.GetProperty("root"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException("stored root group is not readable: " + e.Message, e);
        }
    }

    private static StoredGroup ReadGroup(JsonElement group)
    {
        DateTimeOffset? version = group.TryGetProperty("version", out JsonElement v) ? Time(v) : null;
        var dependencies = new List<PathId>();
        foreach (JsonElement dependency in group.GetProperty("dependencies").EnumerateArray())
            dependencies.Add(PathId.Resolve(dependency.GetString()!));
        var apps = new List<StoredAppRef>();
        foreach (JsonElement app in group.GetProperty("apps").EnumerateArray())
            apps.Add(new StoredAppRef(PathId.Resolve(app.GetProperty("id").GetString()!), Time(app.GetProperty("version"))));
        var groups = new List<StoredGroup>();
        foreach (JsonElement child in group.GetProperty("groups").EnumerateArray())
            groups.Add(ReadGroup(child));
        return new StoredGroup(PathId.Resolve(group.GetProperty("id").GetString()!), version,
            group.GetProperty("enforceRole").GetBoolean(), dependencies, apps, groups);
    }

    private static DateTimeOffset Time(JsonElement value) =>
        Timestamps.TryParse(value.GetString(), out DateTimeOffset time) ? time : throw new FormatException($"'{value.GetString()}' is not a timestamp");
}

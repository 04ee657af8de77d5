using System.Buffers;
using System.Text;
using System.Text.Json;
using FastMesos.Apps.Model;

namespace FastMesos.Apps.Json;

/// <summary>
/// Writes a group as Marathon's GroupInfo core, <c>{id, apps[], groups[], dependencies[], version, enforceRole}</c>,
/// with absolute ids. <c>pods</c> is always <c>[]</c> (FastMesos has no pods).
/// </summary>
public static class GroupJsonWriter
{
    public static string Write(Group group) => Encoding.UTF8.GetString(WriteUtf8(group));

    /// <summary>The group as UTF-8 JSON (apps copied from their cached JSON: <see cref="AppJsonWriter.Utf8"/>).</summary>
    public static byte[] WriteUtf8(Group group)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer))
            Write(w, group);
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(Utf8JsonWriter w, Group group)
    {
        w.WriteStartObject();
        w.WriteString("id", group.Id.ToString());
        w.WriteStartArray("apps");
        foreach (AppDefinition a in group.Apps)
            AppJsonWriter.Write(w, a);
        w.WriteEndArray();
        w.WriteStartArray("pods");
        w.WriteEndArray();
        w.WriteStartArray("groups");
        foreach (Group g in group.Groups)
            Write(w, g);
        w.WriteEndArray();
        w.WriteStartArray("dependencies");
        foreach (PathId d in group.Dependencies)
            w.WriteStringValue(d.ToString());
        w.WriteEndArray();
        if (group.Version is DateTimeOffset v)
            w.WriteString("version", AppJsonWriter.FormatTimestamp(v));
        w.WriteBoolean("enforceRole", group.EnforceRole);
        w.WriteEndObject();
    }
}

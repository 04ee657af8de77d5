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
        // A buffer per thread, reused: a tree of N apps is written on every change, and a fresh
        // buffer regrew through every doubling each time. Never awaited between reset and copy.
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(64 * 1024);
        buffer.ResetWrittenCount();
        Utf8JsonWriter w = t_writer ??= new Utf8JsonWriter(buffer);
        w.Reset(buffer);
        Write(w, group);
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

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

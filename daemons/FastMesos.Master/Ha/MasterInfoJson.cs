using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using FastMesos.Engine.Master;

namespace FastMesos.Master.Ha;

/// <summary>
/// The content of a master's election znode: the JSON form of Mesos' MasterInfo (specs/mesos.md §6.2),
/// which Mesos' own detectors (agents, schedulers, tools) parse to find the leader.
/// </summary>
public static class MasterInfoJson
{
    /// <summary>
    /// <c>{"id","ip","port","pid","hostname","version","address":{"hostname","ip","port"},"capabilities"}</c>.
    /// The capabilities name only what this master implements (quota with guarantee and limit).
    /// </summary>
    public static byte[] Write(MasterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
            WriteValue(w, options);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The same object as a JSON value (the leader's <c>leader_info</c> in /master/state).</summary>
    public static void WriteValue(Utf8JsonWriter w, MasterOptions options)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(options);
        w.WriteStartObject();
        w.WriteString("id", options.MasterId);
        w.WriteNumber("ip", PackedIp(options.Ip));
        w.WriteNumber("port", options.Port);
        w.WriteString("pid", $"master@{options.Ip}:{options.Port}");
        w.WriteString("hostname", options.Hostname);
        w.WriteString("version", options.Version);
        w.WriteStartObject("address");
        w.WriteString("hostname", options.Hostname);
        w.WriteString("ip", options.Ip);
        w.WriteNumber("port", options.Port);
        w.WriteEndObject();
        w.WriteStartArray("capabilities");
        w.WriteStartObject();
        w.WriteString("type", "QUOTA_V2");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// Mesos' <c>ip</c> is the IPv4 address's in_addr.s_addr read as a little-endian host integer
    /// (127.0.0.1 is 16777343); IPv6 or unparsable addresses give 0.
    /// </summary>
    public static uint PackedIp(string ip)
    {
        if (!IPAddress.TryParse(ip, out IPAddress? address) || address.AddressFamily != AddressFamily.InterNetwork)
            return 0;
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    /// <summary>
    /// Reads another master's znode (untrusted: any member may have written it). Null when it is not
    /// MasterInfo JSON with a pid and a port, e.g. a legacy binary <c>info_</c> node.
    /// </summary>
    public static DetectedMaster? TryRead(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        try
        {
            using JsonDocument document = JsonDocument.Parse(data);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("pid", out JsonElement pid) || pid.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("port", out JsonElement portValue) || !portValue.TryGetInt32(out int port) || port is < 1 or > 65535)
                return null;
            string? host = StringOf(root, "hostname");
            if (string.IsNullOrEmpty(host) && root.TryGetProperty("address", out JsonElement address) && address.ValueKind == JsonValueKind.Object)
                host = StringOf(address, "ip");
            if (string.IsNullOrEmpty(host))
                return null;
            return new DetectedMaster(StringOf(root, "id") ?? "", pid.GetString()!, host, port, data);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

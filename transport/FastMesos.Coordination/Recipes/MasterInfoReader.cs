using System.Net;
using System.Text.Json;
using FastMesos.Transport.Connections;

namespace FastMesos.Coordination.Recipes;

/// <summary>Reads a master's wire address from the data of its election node (Mesos' MasterInfo JSON).</summary>
public static class MasterInfoReader
{
    /// <summary>Mesos' MASTER_INFO_JSON_LABEL and the sequence separator: the masters' member nodes are <c>json.info_0000000042</c>.</summary>
    public const string MemberPrefix = "json.info_";

    /// <summary>
    /// The master's wire address from its MasterInfo JSON: <c>address.ip</c> and <c>address.port</c>,
    /// else the <c>pid</c>'s <c>ip:port</c>. False for anything else (a legacy protobuf node, junk).
    /// </summary>
    public static bool TryReadEndPoint(byte[] data, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EndPoint? endPoint)
    {
        ArgumentNullException.ThrowIfNull(data);
        endPoint = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(data);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return false;
            if (root.TryGetProperty("address", out JsonElement address) && address.ValueKind == JsonValueKind.Object
                && address.TryGetProperty("ip", out JsonElement ip) && ip.ValueKind == JsonValueKind.String
                && address.TryGetProperty("port", out JsonElement port) && port.TryGetInt32(out int portNumber)
                && ip.GetString() is { } host
                && MasterAddress.TryParse(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{portNumber}" : $"{host}:{portNumber}", out endPoint, out _))
                return true;
            if (root.TryGetProperty("pid", out JsonElement pid) && pid.ValueKind == JsonValueKind.String
                && pid.GetString() is { } text && text.IndexOf('@') is int at and >= 0)
                return MasterAddress.TryParse(text[(at + 1)..], out endPoint, out _);
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

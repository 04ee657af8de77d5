using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FastMesos.Transport.Connections;

/// <summary>Parses the <c>host:port</c> form users give for a master (<c>--master 127.0.0.1:5050</c>).</summary>
public static class MasterAddress
{
    /// <summary>
    /// An <see cref="IPEndPoint"/> for an IP literal (IPv6 in brackets), otherwise a
    /// <see cref="DnsEndPoint"/> resolved to IPv4 when dialing. A missing port means 5050.
    /// </summary>
    public static EndPoint Parse(string text)
    {
        if (!TryParse(text, out EndPoint? endPoint, out string? error))
            throw new FormatException(error);
        return endPoint;
    }

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EndPoint? endPoint,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        endPoint = null;
        error = null;
        string value = text?.Trim() ?? "";
        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            value = value["http://".Length..].TrimEnd('/');
        if (value.Length == 0)
        {
            error = "the master address is empty (expected host:port)";
            return false;
        }

        string host = value;
        string? portText = null;
        int close = value.IndexOf(']');
        if (value.StartsWith('[') && close > 0)
        {
            // [ipv6] or [ipv6]:port
            host = value[1..close];
            if (close + 1 < value.Length)
                portText = value[(close + 1)..].TrimStart(':');
        }
        else if (value.IndexOf(':') is int colon and > 0 && colon == value.LastIndexOf(':'))
        {
            host = value[..colon];
            portText = value[(colon + 1)..];
        }

        int port = 5050;
        if (portText is not null
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            error = $"'{text}' has no valid port (expected host:port)";
            return false;
        }

        if (host.Length == 0 || (host.Contains(':') && !IPAddress.TryParse(host, out _)))
        {
            error = $"'{text}' has no host (expected host:port)";
            return false;
        }

        endPoint = IPAddress.TryParse(host, out IPAddress? ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port, AddressFamily.InterNetwork);
        return true;
    }
}

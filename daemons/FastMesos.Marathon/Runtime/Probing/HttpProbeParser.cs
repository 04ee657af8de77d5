using System.Buffers.Text;
using System.Text;

namespace FastMesos.Marathon.Runtime.Probing;

/// <summary>
/// The HTTP/1.1 response pieces a health probe needs, parsed in place from the receive buffer:
/// the status line, the headers that frame the body (<c>Content-Length</c>,
/// <c>Transfer-Encoding</c>) or end the connection (<c>Connection</c>), and chunk-size lines.
/// Nothing here allocates except the error text of a malformed response.
/// </summary>
internal static class HttpProbeParser
{
    /// <summary>
    /// Parses <c>HTTP/1.x SSS[ reason]</c>. False for anything else (the caller fails the probe
    /// with <see cref="Describe"/> of the line). <paramref name="minor"/> is x.
    /// </summary>
    public static bool TryParseStatusLine(ReadOnlySpan<byte> line, out int status, out int minor, out Range reason)
    {
        status = 0;
        minor = 0;
        reason = default;
        // "HTTP/1.1 200" is the shortest valid line.
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || !IsDigit(line[7]) || line[8] != (byte)' '
            || !IsDigit(line[9]) || !IsDigit(line[10]) || !IsDigit(line[11]))
            return false;
        if (line.Length > 12 && line[12] != (byte)' ')
            return false;
        minor = line[7] - '0';
        status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        reason = line.Length > 13 ? new Range(13, line.Length) : new Range(line.Length, line.Length);
        return status >= 100;
    }

    /// <summary>What one header line means for framing and reuse; false when it is malformed.</summary>
    public static bool TryApplyHeader(ReadOnlySpan<byte> line, ref ResponseFraming framing)
    {
        int colon = line.IndexOf((byte)':');
        if (colon <= 0 || line[colon - 1] is (byte)' ' or (byte)'\t')
            return false;
        ReadOnlySpan<byte> name = line[..colon];
        ReadOnlySpan<byte> value = line[(colon + 1)..].Trim(" \t"u8);
        if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
        {
            if (!Utf8Parser.TryParse(value, out long length, out int used) || used != value.Length || length < 0
                || (framing.ContentLength >= 0 && framing.ContentLength != length))
                return false;
            framing.ContentLength = length;
        }
        else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
        {
            // Chunked must be the last coding (RFC 9112 §6.3); any other final coding is read to close.
            int comma = value.LastIndexOf((byte)',');
            ReadOnlySpan<byte> last = (comma < 0 ? value : value[(comma + 1)..]).Trim(" \t"u8);
            framing.Chunked = Ascii.EqualsIgnoreCase(last, "chunked"u8);
            framing.HasTransferEncoding = true;
        }
        else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
        {
            if (HasToken(value, "close"u8))
                framing.Close = true;
            if (HasToken(value, "keep-alive"u8))
                framing.KeepAlive = true;
        }
        return true;
    }

    /// <summary>Parses a chunk-size line (hex size, optional <c>;extensions</c>); false when malformed.</summary>
    public static bool TryParseChunkSize(ReadOnlySpan<byte> line, out long size)
    {
        int semicolon = line.IndexOf((byte)';');
        ReadOnlySpan<byte> hex = (semicolon < 0 ? line : line[..semicolon]).Trim(" \t"u8);
        return Utf8Parser.TryParse(hex, out size, out int used, 'x') && used == hex.Length && hex.Length <= 15;
    }

    /// <summary>A response line for an error message: printable ASCII only, at most 60 characters.</summary>
    public static string Describe(ReadOnlySpan<byte> line)
    {
        var text = new StringBuilder(Math.Min(line.Length, 60) + 3);
        for (int i = 0; i < line.Length && i < 60; i++)
            text.Append(line[i] is >= 0x20 and < 0x7f ? (char)line[i] : '?');
        if (line.Length > 60)
            text.Append("...");
        return text.ToString();
    }

    private static bool HasToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        while (!value.IsEmpty)
        {
            int comma = value.IndexOf((byte)',');
            ReadOnlySpan<byte> item = (comma < 0 ? value : value[..comma]).Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(item, token))
                return true;
            value = comma < 0 ? default : value[(comma + 1)..];
        }
        return false;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
}

using System.Text;
using FastMesos.Marathon.Runtime.Probing;

namespace FastMesos.Marathon.Tests;

/// <summary>The in-place HTTP/1.1 response parsing of the health prober.</summary>
public sealed class HttpProbeParserTests
{
    private static byte[] B(string text) => Encoding.ASCII.GetBytes(text);

    [Theory]
    [InlineData("HTTP/1.1 200 OK", 200, 1, "OK")]
    [InlineData("HTTP/1.0 404 Not Found", 404, 0, "Not Found")]
    [InlineData("HTTP/1.1 500", 500, 1, "")]
    [InlineData("HTTP/1.1 302 ", 302, 1, "")]
    public void Valid_status_lines_give_status_version_and_reason(string line, int status, int minor, string reason)
    {
        byte[] bytes = B(line);
        Assert.True(HttpProbeParser.TryParseStatusLine(bytes, out int parsed, out int parsedMinor, out Range range));
        Assert.Equal(status, parsed);
        Assert.Equal(minor, parsedMinor);
        Assert.Equal(reason, Encoding.ASCII.GetString(bytes.AsSpan()[range]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("HTTP/2 200 OK")]
    [InlineData("HTTP/1.1 20 OK")]
    [InlineData("HTTP/1.1 2000 OK")]
    [InlineData("HTTP/1.1 099 Low")]
    [InlineData("http/1.1 200 OK")]
    [InlineData("SSH-2.0-OpenSSH_9.6")]
    public void Anything_else_is_malformed(string line) =>
        Assert.False(HttpProbeParser.TryParseStatusLine(B(line), out _, out _, out _));

    [Fact]
    public void Headers_set_the_framing_and_reuse()
    {
        ResponseFraming framing = ResponseFraming.None;
        Assert.True(HttpProbeParser.TryApplyHeader(B("content-length:  42 "), ref framing));
        Assert.True(HttpProbeParser.TryApplyHeader(B("Content-Length: 42"), ref framing));
        Assert.Equal(42, framing.ContentLength);
        Assert.True(HttpProbeParser.TryApplyHeader(B("Connection: Upgrade, close"), ref framing));
        Assert.True(framing.Close);
        Assert.True(HttpProbeParser.TryApplyHeader(B("Transfer-Encoding: gzip, chunked"), ref framing));
        Assert.True(framing.Chunked);
        Assert.True(HttpProbeParser.TryApplyHeader(B("X-Other: value:with:colons"), ref framing));

        Assert.False(HttpProbeParser.TryApplyHeader(B("Content-Length: 43"), ref framing));   // conflicting
        Assert.False(HttpProbeParser.TryApplyHeader(B("Content-Length: -1"), ref framing));
        Assert.False(HttpProbeParser.TryApplyHeader(B("no colon"), ref framing));
        Assert.False(HttpProbeParser.TryApplyHeader(B("Bad : space"), ref framing));
    }

    [Fact]
    public void Chunk_sizes_are_hex_with_optional_extensions()
    {
        Assert.True(HttpProbeParser.TryParseChunkSize(B("1A;name=value"), out long size));
        Assert.Equal(26, size);
        Assert.True(HttpProbeParser.TryParseChunkSize(B("0"), out size));
        Assert.Equal(0, size);
        Assert.False(HttpProbeParser.TryParseChunkSize(B("zz"), out _));
        Assert.False(HttpProbeParser.TryParseChunkSize(B(""), out _));
    }

    [Fact]
    public void Response_lines_in_messages_are_printable_and_bounded()
    {
        Assert.Equal("a?b", HttpProbeParser.Describe([(byte)'a', 0x01, (byte)'b']));
        Assert.Equal(new string('x', 60) + "...", HttpProbeParser.Describe(B(new string('x', 100))));
    }
}

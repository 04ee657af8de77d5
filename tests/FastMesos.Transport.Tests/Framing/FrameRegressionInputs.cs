namespace FastMesos.Transport.Tests.Framing;

/// <summary>
/// Inputs kept as literals: the boundary cases of the frame layout and the preamble, and any input
/// that ever crashed or wedged a reader or a connection (add them here, with a line saying what
/// broke). Each is written after a valid preamble by the connection-level regression test.
/// </summary>
public static class FrameRegressionInputs
{
    public static TheoryData<string, byte[]> FrameStreams => new()
    {
        // Length 0 and 1: no room for the message type.
        { "length-0", [0x00, 0x00, 0x00, 0x00, 0x01, 0x00] },
        { "length-1", [0x01, 0x00, 0x00, 0x00, 0x01] },
        // 4 GiB - 1: must be refused from the length alone, never allocated for.
        { "length-4GiB", [0xFF, 0xFF, 0xFF, 0xFF] },
        // One over the 4 MiB default.
        { "length-max+1", [0x01, 0x00, 0x40, 0x00, 0x07, 0x00] },
        // A valid frame, then a header whose length is below the minimum.
        { "valid-then-length-1", [0x03, 0x00, 0x00, 0x00, 0x07, 0x00, 0xAA, 0x01, 0x00, 0x00, 0x00] },
        // A frame of a reserved transport type other than close.
        { "reserved-type", [0x02, 0x00, 0x00, 0x00, 0x00, 0xFF] },
        // A close frame with invalid UTF-8 as its reason.
        { "close-with-bad-utf8", [0x05, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xC3, 0x28, 0xFF] },
    };

    public static TheoryData<string, byte[]> Preambles => new()
    {
        // Magic, version 1, role Agent, token length 0xFFFF (over the 1 KiB limit).
        { "token-length-65535", [0x46, 0x4D, 0x53, 0x48, 0x01, 0x02, 0xFF, 0xFF] },
        // Magic, version 1, role 0 (None).
        { "role-none", [0x46, 0x4D, 0x53, 0x48, 0x01, 0x00, 0x00, 0x00] },
        // Magic, version 1, role 200 (undefined).
        { "role-200", [0x46, 0x4D, 0x53, 0x48, 0x01, 0xC8, 0x00, 0x00] },
        // Magic, version 0.
        { "version-0", [0x46, 0x4D, 0x53, 0x48, 0x00, 0x02, 0x00, 0x00] },
        // An HTTP request on the wire port.
        { "http-get", "GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray() },
        // The magic, cut after three bytes, then the stream ends.
        { "magic-cut", [0x46, 0x4D, 0x53] },
    };
}

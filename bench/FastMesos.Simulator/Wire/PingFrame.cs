using System.Buffers;
using System.Diagnostics;
using FastMesos.Messages;
using FastMesos.Transport.Codec;

namespace FastMesos.Simulator.Wire;

/// <summary>How many bytes a FastMesos ping takes on the wire, so the floor can send frames of the same size.</summary>
internal static class PingFrame
{
    /// <summary>Frame header: 4-byte length and 2-byte message type (transport/README.md, Framing).</summary>
    private const int HeaderSize = 6;

    public static int Size()
    {
        // A mid-run sequence (MessagePack grows small integers) and a real Stopwatch timestamp (8 bytes as an integer).
        var payload = new ArrayBufferWriter<byte>();
        MessageCodec.Write(payload, new Ping(65_536, Stopwatch.GetTimestamp()));
        return HeaderSize + payload.WrittenCount;
    }
}

using System.Buffers;
using FastMesos.Messages;
using FastMesos.Transport.Codec;

namespace FastMesos.Transport.Tests.Codec;

/// <summary>
/// Inputs that break a naive decoder over MessagePack 2.5, kept as byte literals so they stay fixed
/// (Garnet's RespParseFuzzRegressionTests). MessagePack reads 32-bit lengths as signed ints: a
/// length with the top bit set comes back as a negative count from array headers, and as
/// ArgumentOutOfRangeException from strings, binaries and skip. Each must fail with
/// <see cref="MessageDecodeException"/>, and the whole-payload and byte-by-byte deliveries must agree.
/// </summary>
public sealed class DecodeRegressionTests
{
    public static TheoryData<string, MessageType, byte[]> Inputs => new()
    {
        { "str32 of length -1 (contiguous string path)", MessageType.ErrorEvent, [0x91, 0xDB, 0xFF, 0xFF, 0xFF, 0xFF, 0x61] },
        { "bin32 of length -1 in data", MessageType.MessageEvent, [0x93, 0xA1, 0x61, 0xA1, 0x62, 0xC6, 0xFF, 0xFF, 0xFF, 0xFF, 0x00] },
        { "bin32 of length -1 in a uuid", MessageType.AcknowledgeCall, [0x94, 0xA1, 0x61, 0xA1, 0x62, 0xA1, 0x63, 0xC6, 0xFF, 0xFF, 0xFF, 0xFF] },
        { "array32 of count -1 for a list", MessageType.OffersEvent, [0x91, 0xDD, 0xFF, 0xFF, 0xFF, 0xFF] },
        { "array32 of count -1 for a message", MessageType.HeartbeatEvent, [0xDD, 0xFF, 0xFF, 0xFF, 0xFF] },
        { "array32 of count -1 for ranges", MessageType.ApplyOperation,
            [0x92, 0x95, 0x02, 0xC0, 0x90, 0xC0, 0x91, 0x93, 0xA1, 0x70, 0x01, 0xDD, 0xFF, 0xFF, 0xFF, 0xFF] },
        { "str32 of length -1 in a skipped field", MessageType.Ping, [0x94, 0x01, 0x02, 0xC3, 0xDB, 0xFF, 0xFF, 0xFF, 0xFF, 0x61] },
        { "ext32 of length -1 in a skipped field", MessageType.Ping, [0x94, 0x01, 0x02, 0xC3, 0xC9, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x61] },
        { "map32 of count -1 in a skipped field", MessageType.Ping, [0x94, 0x01, 0x02, 0xC3, 0xDF, 0xFF, 0xFF, 0xFF, 0xFF] },
        { "the never-used code 0xC1", MessageType.Ping, [0x94, 0x01, 0x02, 0xC3, 0xC1] },
        { "uint64 max where an int64 goes", MessageType.Ping, [0x92, 0x01, 0xCF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] },
        { "uint64 max where an enum goes", MessageType.UpdateEvent, [0x91, 0x92, 0xA1, 0x74, 0xCF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] },
        { "a boolean where a double goes", MessageType.AgentRegistered, [0x92, 0xA1, 0x61, 0xC3] },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Input_fails_cleanly(string what, MessageType type, byte[] bytes)
    {
        MessageDecodeException whole = Assert.Throws<MessageDecodeException>(() => Payload.Dispatch(type, new ReadOnlySequence<byte>(bytes)));
        MessageDecodeException split = Assert.Throws<MessageDecodeException>(() => Payload.Dispatch(type, TestSequences.OneBytePerSegment(bytes)));
        Assert.False(string.IsNullOrEmpty(whole.Reason), what);
        Assert.Equal(whole.Path, split.Path);
    }
}

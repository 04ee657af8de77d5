using System.Buffers;
using CsCheck;
using FastMesos.Messages;
using FastMesos.Transport.Codec;

namespace FastMesos.Transport.Tests.Codec;

/// <summary>
/// Decoders see frames as a pipe delivers them: cut short, split across segments at any byte, or one
/// byte per segment. A cut payload always fails cleanly; a split one decodes exactly as a whole one.
/// </summary>
public sealed class PartialInputTests
{
    private const long Samples = 12;

    public static TheoryData<MessageType> Types => MessageCases.Types();

    [Theory]
    [MemberData(nameof(Types))]
    public void Every_truncation_fails_with_a_decode_error(MessageType type) =>
        MessageCases.For(type).Payloads.Sample(bytes =>
        {
            // A MessagePack value is prefix-free and the payload must be consumed exactly, so every
            // proper prefix is incomplete, whether it arrives whole or byte by byte.
            foreach (int length in TestSequences.Offsets(bytes.Length))
            {
                byte[] prefix = bytes[..length];
                Assert.Throws<MessageDecodeException>(() => Payload.Dispatch(type, new ReadOnlySequence<byte>(prefix)));
                Assert.Throws<MessageDecodeException>(() => Payload.Dispatch(type, TestSequences.OneBytePerSegment(prefix)));
            }
        }, iter: Samples);

    [Theory]
    [MemberData(nameof(Types))]
    public void Payloads_split_anywhere_decode_identically(MessageType type)
    {
        MessageCase c = MessageCases.For(type);
        c.Payloads.Sample(bytes =>
        {
            var pool = new StringPool(16);
            foreach (int cut in TestSequences.Offsets(bytes.Length + 1))
                Assert.Equal(bytes, c.DecodeAndReencode(TestSequences.Split(bytes, cut), pool));

            Assert.Equal(bytes, c.DecodeAndReencode(TestSequences.OneBytePerSegment(bytes), pool));

            // Three segments: every pair of cuts for short payloads, a seeded sample for long ones.
            var random = new Random(bytes.Length);
            int pairs = bytes.Length <= 48 ? 0 : 300;
            if (pairs == 0)
            {
                for (int i = 0; i <= bytes.Length; i++)
                {
                    for (int j = i; j <= bytes.Length; j++)
                        Assert.Equal(bytes, c.DecodeAndReencode(TestSequences.Split(bytes, i, j), pool));
                }
            }
            for (int p = 0; p < pairs; p++)
            {
                int i = random.Next(bytes.Length + 1);
                int j = random.Next(i, bytes.Length + 1);
                Assert.Equal(bytes, c.DecodeAndReencode(TestSequences.Split(bytes, i, j), pool));
            }
        }, iter: Samples);
    }

    [Fact]
    public void Long_strings_split_across_segments_decode()
    {
        // Past the interning limit and past the stack buffer, so the rented-buffer path runs.
        string text = new('é', 400);
        byte[] bytes = Payload.Encode(new ErrorEvent(text));
        ErrorEvent decoded = MessageCodec.Decode<ErrorEvent>(TestSequences.OneBytePerSegment(bytes));
        Assert.Equal(text, decoded.Message);
    }
}

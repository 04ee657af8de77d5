using System.Buffers;
using FastMesos.Messages;
using FastMesos.Transport.Codec;
using MessagePack;

namespace FastMesos.Transport.Tests.Codec;

/// <summary>
/// The span fast paths for Ping and Pong agree with the full formatters on every input: the same
/// message where the formatter decodes one, the same error where it refuses, and they are taken for
/// every canonical encoding the codec writes.
/// </summary>
public sealed class HotMessageReaderTests
{
    private static readonly ulong[] Sequences = [0, 1, 127, 128, 255, 256, 65_535, 65_536, uint.MaxValue, (ulong)uint.MaxValue + 1, long.MaxValue, ulong.MaxValue];
    private static readonly long[] Timestamps = [0, 1, -1, -32, -33, 127, 128, -128, -129, short.MinValue, 65_536, int.MinValue, (long)int.MinValue - 1, long.MinValue, long.MaxValue];

    [Fact]
    public void Every_canonical_encoding_takes_the_fast_path_with_the_formatters_values()
    {
        foreach (ulong sequence in Sequences)
        {
            foreach (long timestamp in Timestamps)
            {
                foreach (bool connected in new[] { true, false })
                {
                    var ping = new Ping(sequence, timestamp, connected);
                    Assert.True(HotMessageReader.TryReadPing(Payload.Encode(ping), out Ping fast));
                    Assert.Equal(ping, fast);
                }

                var pong = new Pong(sequence, timestamp);
                Assert.True(HotMessageReader.TryReadPong(Payload.Encode(pong), out Pong fastPong));
                Assert.Equal(pong, fastPong);
            }
        }
    }

    [Fact]
    public void Every_integer_form_decodes_as_the_formatter_decodes_it()
    {
        // Each integer in each MessagePack form, fitting or not: the dispatch (fast path first)
        // and the formatter alone must agree, whether they decode or refuse.
        Payload.WriteAction[] forms =
        [
            static (ref MessagePackWriter w) => w.Write((byte)5),
            static (ref MessagePackWriter w) => w.WriteUInt8(200),
            static (ref MessagePackWriter w) => w.WriteUInt16(60_000),
            static (ref MessagePackWriter w) => w.WriteUInt32(4_000_000_000),
            static (ref MessagePackWriter w) => w.WriteUInt64(ulong.MaxValue),
            static (ref MessagePackWriter w) => w.WriteUInt64(7),
            static (ref MessagePackWriter w) => w.WriteInt8(-100),
            static (ref MessagePackWriter w) => w.WriteInt8(100),
            static (ref MessagePackWriter w) => w.WriteInt16(-30_000),
            static (ref MessagePackWriter w) => w.WriteInt32(-2_000_000_000),
            static (ref MessagePackWriter w) => w.WriteInt64(long.MinValue),
            static (ref MessagePackWriter w) => w.WriteInt64(42),
            static (ref MessagePackWriter w) => w.Write(-5),
            static (ref MessagePackWriter w) => w.Write(1.5),
            static (ref MessagePackWriter w) => w.WriteNil(),
            static (ref MessagePackWriter w) => w.Write(true),
        ];
        foreach (Payload.WriteAction first in forms)
        {
            foreach (Payload.WriteAction second in forms)
            {
                AssertAgrees(Payload.Build((ref MessagePackWriter w) => { w.WriteArrayHeader(2); first(ref w); second(ref w); }));
                AssertAgrees(Payload.Build((ref MessagePackWriter w) => { w.WriteArrayHeader(3); first(ref w); second(ref w); w.Write(false); }));
                AssertAgrees(Payload.Build((ref MessagePackWriter w) => { w.WriteArrayHeader(3); first(ref w); second(ref w); second(ref w); }));
            }
        }
    }

    [Fact]
    public void Mutated_truncated_and_extended_payloads_decode_as_the_formatter_decodes_them()
    {
        var random = new Random(20261203);
        byte[][] seeds =
        [
            Payload.Encode(new Ping(65_536, 123_456_789_012, Connected: true)),
            Payload.Encode(new Ping(3, -4, Connected: false)),
            Payload.Encode(new Pong(ulong.MaxValue, long.MinValue)),
            Payload.Encode(new Pong(1, 2)),
        ];
        for (int round = 0; round < 20_000; round++)
        {
            byte[] seed = seeds[round % seeds.Length];
            byte[] bytes = (round % 3) switch
            {
                0 => seed[..random.Next(seed.Length + 1)],
                1 => [.. seed, (byte)random.Next(256)],
                _ => (byte[])seed.Clone(),
            };
            for (int flips = random.Next(3); flips > 0 && bytes.Length > 0; flips--)
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            AssertAgrees(bytes);
        }
    }

    [Fact]
    public void A_payload_split_over_segments_takes_the_full_path_with_the_same_result()
    {
        byte[] bytes = Payload.Encode(new Ping(70_000, 1_000_000_000_000, Connected: false));
        var recorder = new RecordingVisitor();
        MessageCodec.Decode((ushort)MessageType.Ping, TestSequences.Split(bytes, 3), recorder, StringPool.None);
        Assert.Equal(new Ping(70_000, 1_000_000_000_000, Connected: false), recorder.Message);
    }

    private static void AssertAgrees(byte[] bytes)
    {
        AssertAgrees<Ping>(MessageType.Ping, bytes);
        AssertAgrees<Pong>(MessageType.Pong, bytes);
    }

    private static void AssertAgrees<T>(MessageType type, byte[] bytes)
    {
        var payload = new ReadOnlySequence<byte>(bytes);
        Exception? expected = Record.Exception(() => MessageCodec.Decode<T>(payload, StringPool.None));
        var recorder = new RecordingVisitor();
        Exception? actual = Record.Exception(() => MessageCodec.Decode((ushort)type, payload, recorder, StringPool.None));
        if (expected is null)
        {
            Assert.Null(actual);
            Assert.Equal(MessageCodec.Decode<T>(payload, StringPool.None), recorder.Message);
        }
        else
        {
            Assert.NotNull(actual);
            Assert.Equal(expected.GetType(), actual.GetType());
            Assert.Equal(expected.Message, actual.Message);
        }
    }
}

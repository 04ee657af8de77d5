using System.Buffers;
using FastMesos.Messages;
using FastMesos.Transport.Codec;
using MessagePack;

namespace FastMesos.Transport.Tests.Codec;

/// <summary>The Ping and Pong fast encoders write exactly the formatters' bytes, on every integer boundary.</summary>
public sealed class HotMessageWriterTests
{
    [Fact]
    public void Ping_and_pong_bytes_match_the_formatters_on_every_integer_boundary()
    {
        var values = new List<long>();
        foreach (long edge in new[] { 0L, 0x7f, 0xff, 0xffff, 0xffff_ffff, -32, sbyte.MinValue, short.MinValue, int.MinValue })
            values.AddRange([edge - 1, edge, edge + 1]);
        values.AddRange([long.MinValue, long.MinValue + 1, long.MaxValue, long.MaxValue - 1]);
        var random = new Random(20261203);
        for (int i = 0; i < 300; i++)
            values.Add(random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(64));

        foreach (long timestamp in values)
        {
            foreach (long raw in values)
            {
                ulong sequence = unchecked((ulong)raw);
                foreach (bool connected in new[] { true, false })
                    AssertSameBytes(new Ping(sequence, timestamp, connected), PingFormatter.Instance);
                AssertSameBytes(new Pong(sequence, timestamp), PongFormatter.Instance);
            }
        }
    }

    private static void AssertSameBytes<T>(T message, IMessageFormatter<T> formatter)
    {
        var expected = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(expected);
        formatter.Write(ref writer, in message);
        writer.Flush();

        var actual = new ArrayBufferWriter<byte>();
        MessageCodec.Write(actual, in message);
        Assert.True(expected.WrittenSpan.SequenceEqual(actual.WrittenSpan), $"{message}: {Convert.ToHexString(actual.WrittenSpan)}, the formatter wrote {Convert.ToHexString(expected.WrittenSpan)}");
    }
}

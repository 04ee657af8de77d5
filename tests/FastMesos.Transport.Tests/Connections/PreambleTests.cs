using System.Buffers;
using FastMesos.Transport.Connections;
using FastMesos.Transport.Tests.Framing;

namespace FastMesos.Transport.Tests.Connections;

/// <summary>The preamble codec on whole, truncated, segmented and bad input.</summary>
public sealed class PreambleTests
{
    [Fact]
    public void Round_trips_with_a_token_and_leaves_what_follows()
    {
        byte[] bytes = Write(PeerRole.Scheduler, "tøken"u8.ToArray(), version: 7);
        byte[] withFrame = TestFrames.Concat(bytes, TestFrames.Encode(1, [1]));
        var buffer = new ReadOnlySequence<byte>(withFrame);

        Assert.Equal(PreambleReadResult.Complete, Preamble.TryRead(ref buffer, out Preamble preamble));

        Assert.Equal(7, preamble.Version);
        Assert.Equal(PeerRole.Scheduler, preamble.Role);
        Assert.Equal("tøken"u8.ToArray(), preamble.Token.ToArray());
        Assert.Equal(TestFrames.Encode(1, [1]), buffer.ToArray());
    }

    [Fact]
    public void Lays_out_magic_version_role_and_token_length()
    {
        Assert.Equal(new byte[] { 0x46, 0x4D, 0x53, 0x48, 0x01, 0x02, 0x03, 0x00, 0x61, 0x62, 0x63 }, Write(PeerRole.Agent, "abc"u8.ToArray()));
    }

    [Fact]
    public void Every_truncation_needs_more_and_leaves_the_buffer_alone()
    {
        byte[] bytes = Write(PeerRole.Agent, new byte[20]);
        for (int length = 0; length < bytes.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.Equal(PreambleReadResult.NeedMore, Preamble.TryRead(ref buffer, out _));
            Assert.Equal(length, buffer.Length);
        }
    }

    [Fact]
    public void Reads_one_byte_per_segment()
    {
        byte[] bytes = Write(PeerRole.Master, "k"u8.ToArray());
        var buffer = TestSequences.OneBytePerSegment(bytes);
        Assert.Equal(PreambleReadResult.Complete, Preamble.TryRead(ref buffer, out Preamble preamble));
        Assert.Equal(PeerRole.Master, preamble.Role);
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [InlineData(new byte[] { 0x47 })]
    [InlineData(new byte[] { 0x46, 0x4D, 0x53, 0x00 })]
    [InlineData(new byte[] { 0x46, 0x00 })]
    public void Bad_magic_is_seen_on_the_first_wrong_byte(byte[] bytes)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.Equal(PreambleReadResult.BadMagic, Preamble.TryRead(ref buffer, out _));
    }

    [Fact]
    public void A_token_over_one_KiB_is_refused_before_it_arrives()
    {
        byte[] header = [0x46, 0x4D, 0x53, 0x48, 0x01, 0x02, 0x01, 0x04];
        var buffer = new ReadOnlySequence<byte>(header);
        Assert.Equal(PreambleReadResult.TokenTooLong, Preamble.TryRead(ref buffer, out _));
        Assert.Equal(1025, Preamble.PeekTokenLength(buffer));

        var exact = new ReadOnlySequence<byte>(Write(PeerRole.Agent, new byte[Preamble.MaxTokenLength]));
        Assert.Equal(PreambleReadResult.Complete, Preamble.TryRead(ref exact, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => Write(PeerRole.Agent, new byte[Preamble.MaxTokenLength + 1]));
    }

    private static byte[] Write(PeerRole role, byte[] token, byte version = 1)
    {
        var writer = new ArrayBufferWriter<byte>();
        Preamble.Write(writer, version, role, token);
        return writer.WrittenSpan.ToArray();
    }
}

using System.Buffers.Binary;
using CsCheck;
using FastMesos.Transport.Heartbeats;

namespace FastMesos.Transport.Tests.Heartbeats;

/// <summary>The fixed datagram layout: every datagram reads back as written, and anything else is refused with a reason.</summary>
public sealed class HeartbeatDatagramTests
{
    private static readonly Gen<HeartbeatDatagram> Datagrams = Gen.Select(
        Gen.OneOf(Gen.Const(HeartbeatKind.Hello), Gen.Const(HeartbeatKind.Ping), Gen.Const(HeartbeatKind.Pong)),
        Gen.UInt, Gen.ULong, Gen.ULong, Gen.Long, Gen.Bool,
        (kind, slot, token, sequence, timestamp, connected) => new HeartbeatDatagram(kind, slot, token, sequence, timestamp, connected));

    [Fact]
    public void Every_datagram_reads_back_as_written() =>
        Datagrams.Sample(d =>
        {
            byte[] bytes = new byte[HeartbeatDatagram.Size];
            d.Write(bytes);
            Assert.Null(HeartbeatDatagram.TryRead(bytes, out HeartbeatDatagram read));
            Assert.Equal(d, read);
        });

    [Fact]
    public void The_layout_is_the_documented_one()
    {
        byte[] bytes = new byte[HeartbeatDatagram.Size];
        new HeartbeatDatagram(HeartbeatKind.Ping, 7, 0x0102030405060708, 9, -2, Connected: false).Write(bytes);

        Assert.Equal("FMHB"u8.ToArray(), bytes[..4]);
        Assert.Equal([1, 2, 0, 0], bytes[4..8]);
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(0x0102030405060708ul, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(12)));
        Assert.Equal(9ul, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(20)));
        Assert.Equal(-2L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(28)));
    }

    [Theory]
    [InlineData(0, "0 bytes")]
    [InlineData(35, "35 bytes")]
    [InlineData(37, "37 bytes")]
    public void A_datagram_of_another_length_is_refused(int length, string reason)
    {
        Assert.Contains(reason, HeartbeatDatagram.TryRead(new byte[length], out _));
    }

    [Theory]
    [InlineData(0, 0x00, "bad magic")]
    [InlineData(4, 0x02, "version 2")]
    [InlineData(5, 0x00, "unknown heartbeat kind 0")]
    [InlineData(5, 0x04, "unknown heartbeat kind 4")]
    [InlineData(6, 0x02, "reserved bits")]
    [InlineData(7, 0x01, "reserved bits")]
    public void A_bad_header_byte_is_refused_with_its_reason(int offset, byte value, string reason)
    {
        byte[] bytes = new byte[HeartbeatDatagram.Size];
        new HeartbeatDatagram(HeartbeatKind.Pong, 1, 2, 3, 4).Write(bytes);
        bytes[offset] = value;

        Assert.Contains(reason, HeartbeatDatagram.TryRead(bytes, out HeartbeatDatagram read));
        Assert.Equal(default, read);
    }

    [Fact]
    public void Random_bytes_never_throw() =>
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            string? reason = HeartbeatDatagram.TryRead(bytes, out _);
            if (bytes.Length != HeartbeatDatagram.Size)
                Assert.NotNull(reason);
        });
}

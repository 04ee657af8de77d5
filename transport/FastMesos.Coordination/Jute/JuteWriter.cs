using System.Buffers.Binary;
using System.Text;

namespace FastMesos.Coordination.Jute;

/// <summary>
/// Writes ZooKeeper's jute encoding (big-endian ints and longs, length-prefixed strings, buffers and
/// vectors, -1 for null) into a growable buffer. One packet is written at a time: <see cref="BeginPacket"/>
/// reserves the 4-byte length prefix and <see cref="EndPacket"/> fills it in.
/// </summary>
internal sealed class JuteWriter
{
    private byte[] _buffer = new byte[256];
    private int _length;
    private int _packetStart = -1;

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    public void Reset()
    {
        _length = 0;
        _packetStart = -1;
    }

    public void BeginPacket()
    {
        _packetStart = _length;
        WriteInt(0);
    }

    public void EndPacket()
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_packetStart), _length - _packetStart - 4);
        _packetStart = -1;
    }

    public void WriteInt(int value) => BinaryPrimitives.WriteInt32BigEndian(Grow(4), value);

    public void WriteLong(long value) => BinaryPrimitives.WriteInt64BigEndian(Grow(8), value);

    public void WriteBool(bool value) => Grow(1)[0] = value ? (byte)1 : (byte)0;

    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt(-1);
            return;
        }

        int count = Encoding.UTF8.GetByteCount(value);
        WriteInt(count);
        Encoding.UTF8.GetBytes(value, Grow(count));
    }

    public void WriteBuffer(ReadOnlySpan<byte> value)
    {
        WriteInt(value.Length);
        value.CopyTo(Grow(value.Length));
    }

    private Span<byte> Grow(int count)
    {
        if (_length + count > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        Span<byte> span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}

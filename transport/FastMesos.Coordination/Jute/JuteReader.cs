using System.Buffers.Binary;
using System.Text;

namespace FastMesos.Coordination.Jute;

/// <summary>
/// Reads jute from one reply packet. The input is untrusted: every length is checked against the
/// bytes left, and a short or inconsistent packet throws <see cref="ZooKeeperProtocolException"/>
/// (the connection is then closed; nothing half-decoded is applied).
/// </summary>
internal ref struct JuteReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public JuteReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Remaining => _data.Length - _position;

    public int ReadInt() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long ReadLong() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public bool ReadBool() => Take(1)[0] != 0;

    public string? ReadString()
    {
        int length = ReadInt();
        if (length == -1)
            return null;
        return Encoding.UTF8.GetString(Take(CheckLength(length)));
    }

    public byte[]? ReadBuffer()
    {
        int length = ReadInt();
        if (length == -1)
            return null;
        return Take(CheckLength(length)).ToArray();
    }

    /// <summary>Reads a vector's element count; each element needs at least <paramref name="minElementSize"/> bytes.</summary>
    public int ReadVectorCount(int minElementSize)
    {
        int count = ReadInt();
        if (count == -1)
            return 0;
        if (count < 0 || (long)count * minElementSize > Remaining)
            ZooKeeperProtocolException.Throw($"vector of {count} elements does not fit the {Remaining} bytes left");
        return count;
    }

    public Stat ReadStat() => new(
        Czxid: ReadLong(), Mzxid: ReadLong(), Ctime: ReadLong(), Mtime: ReadLong(),
        Version: ReadInt(), Cversion: ReadInt(), Aversion: ReadInt(), EphemeralOwner: ReadLong(),
        DataLength: ReadInt(), NumChildren: ReadInt(), Pzxid: ReadLong());

    private int CheckLength(int length)
    {
        if (length < 0 || length > Remaining)
            ZooKeeperProtocolException.Throw($"length {length} does not fit the {Remaining} bytes left");
        return length;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
            ZooKeeperProtocolException.Throw($"needed {count} bytes, {Remaining} left");
        ReadOnlySpan<byte> span = _data.Slice(_position, count);
        _position += count;
        return span;
    }
}

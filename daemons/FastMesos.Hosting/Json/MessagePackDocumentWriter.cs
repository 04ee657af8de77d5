using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Runtime.InteropServices;

namespace FastMesos.Hosting.Json;

/// <summary>
/// Writes one MessagePack document front to back, the way a <c>Utf8JsonWriter</c> writes JSON: maps
/// and arrays are opened and closed without knowing their lengths up front. Each container gets a
/// 32-bit header (map 32, array 32) when it opens, and its length is filled in when it closes, so the
/// output must keep written bytes in place and hand out array-backed memory
/// (<see cref="PooledSegmentBuffer"/> does: its segments are never moved or reused before it is
/// disposed). Bytes go straight into the output's current chunk; the output is advanced when a chunk
/// is full and when the outermost container closes (or on <see cref="Flush"/>).
/// <para>
/// Written by hand because MessagePack-CSharp's <c>MessagePackWriter</c> needs every length before a
/// container's first element: the master's documents would have to walk each collection twice, or be
/// built as object trees first. Numbers use the shortest integer form; doubles are float 64; strings
/// are UTF-8 in the shortest str form.
/// </para>
/// Invariant: in a map, every value follows its <see cref="Key(string)"/>; containers close in the
/// reverse order they opened (both are the caller's to keep, as with JSON).
/// </summary>
public sealed class MessagePackDocumentWriter
{
    private const byte Map32 = 0xdf;
    private const byte Array32 = 0xdd;
    private const int HeaderLength = 5;

    // Chunks hold at least this much, so that most writes find room without asking the output.
    private const int ChunkHint = 4096;

    private readonly IBufferWriter<byte> _output;

    // The output's current chunk: bytes [_start, _pos) are written and not yet advanced past; the
    // chunk ends at _limit. Writes go straight into the array; the output is advanced when a chunk
    // is full and on Flush.
    private byte[] _chunk = [];
    private int _start;
    private int _pos;
    private int _limit;

    // Per open container: where its header is (array, offset) and how many elements it has so far.
    private byte[][] _headerChunks = new byte[16][];
    private int[] _headerOffsets = new int[16];
    private int[] _counts = new int[16];
    private bool[] _isMap = new bool[16];
    private int _depth;

    public MessagePackDocumentWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>Containers opened and not yet closed.</summary>
    public int Depth => _depth;

    /// <summary>
    /// Advances the output past everything written. Closing the outermost container flushes; a
    /// document that is a bare value needs this call.
    /// </summary>
    public void Flush()
    {
        if (_pos > _start)
            _output.Advance(_pos - _start);

        // The rest of the chunk was handed out before the advance: ask the output again next time.
        _start = _limit = _pos;
    }

    /// <summary>
    /// A string encoded once, to write as a key (<see cref="Key(byte[])"/>) or a value
    /// (<see cref="String(byte[])"/>): keys and values that every task or agent repeats then cost a
    /// copy, not an encoding.
    /// </summary>
    public static byte[] Encode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int bytes = Encoding.UTF8.GetByteCount(key);
        byte[] encoded = new byte[StrHeaderLength(bytes) + bytes];
        WriteStrHeader(encoded, bytes);
        Encoding.UTF8.GetBytes(key, encoded.AsSpan(StrHeaderLength(bytes)));
        return encoded;
    }

    public void StartMap()
    {
        Item();
        Open(map: true);
    }

    public void StartMap(string key)
    {
        Key(key);
        Open(map: true);
    }

    public void EndMap() => Close(map: true);

    public void StartArray()
    {
        Item();
        Open(map: false);
    }

    public void StartArray(string key)
    {
        Key(key);
        Open(map: false);
    }

    public void EndArray() => Close(map: false);

    /// <summary>The next key of the open map.</summary>
    public void Key(string key)
    {
        if (_depth == 0 || !_isMap[_depth - 1])
            ThrowNotInMap();
        _counts[_depth - 1]++;
        WriteStr(key);
    }

    /// <summary>The next key of the open map, encoded by <see cref="Encode"/>.</summary>
    public void Key(byte[] encodedKey)
    {
        ArgumentNullException.ThrowIfNull(encodedKey);
        if (_depth == 0 || !_isMap[_depth - 1])
            ThrowNotInMap();
        _counts[_depth - 1]++;
        encodedKey.CopyTo(Reserve(encodedKey.Length));
        _pos += encodedKey.Length;
    }

    public void String(byte[] encodedKey, string? value)
    {
        Key(encodedKey);
        String(value);
    }

    /// <summary>A string value encoded by <see cref="Encode"/>.</summary>
    public void String(byte[] encodedValue)
    {
        ArgumentNullException.ThrowIfNull(encodedValue);
        Item();
        encodedValue.CopyTo(Reserve(encodedValue.Length));
        _pos += encodedValue.Length;
    }

    public void Number(byte[] encodedKey, double value)
    {
        Key(encodedKey);
        Number(value);
    }

    /// <summary>A string, or nil for null.</summary>
    public void String(string? value)
    {
        Item();
        if (value is null)
            WriteByte(0xc0);
        else
            WriteStr(value);
    }

    /// <summary>A string value given as its UTF-8 bytes.</summary>
    public void StringUtf8(ReadOnlySpan<byte> utf8)
    {
        Item();
        int header = StrHeaderLength(utf8.Length);
        Span<byte> span = Reserve(header + utf8.Length);
        WriteStrHeader(span, utf8.Length);
        utf8.CopyTo(span[header..]);
        _pos += header + utf8.Length;
    }

    public void Nil()
    {
        Item();
        WriteByte(0xc0);
    }

    public void String(string key, string? value)
    {
        Key(key);
        String(value);
    }

    public void Number(long value)
    {
        Item();
        WriteInteger(value);
    }

    public void Number(string key, long value)
    {
        Key(key);
        Number(value);
    }

    public void Number(double value)
    {
        Item();
        Span<byte> span = Reserve(9);
        span[0] = 0xcb;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        _pos += 9;
    }

    public void Number(string key, double value)
    {
        Key(key);
        Number(value);
    }

    public void Boolean(bool value)
    {
        Item();
        WriteByte(value ? (byte)0xc3 : (byte)0xc2);
    }

    public void Boolean(string key, bool value)
    {
        Key(key);
        Boolean(value);
    }

    /// <summary>A JSON value, transcoded (objects as maps, integers that fit a long as integers, other numbers as doubles).</summary>
    public void Json(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                StartMap();
                foreach (JsonProperty property in value.EnumerateObject())
                {
                    Key(property.Name);
                    Json(property.Value);
                }

                EndMap();
                break;
            case JsonValueKind.Array:
                StartArray();
                foreach (JsonElement item in value.EnumerateArray())
                    Json(item);
                EndArray();
                break;
            case JsonValueKind.String:
                String(value.GetString());
                break;
            case JsonValueKind.Number:
                if (value.TryGetInt64(out long integer))
                    Number(integer);
                else
                    Number(value.GetDouble());
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                Boolean(value.ValueKind == JsonValueKind.True);
                break;
            default:
                Nil();
                break;
        }
    }

    // An element of the open array counts when it starts; a map counts its keys instead.
    private void Item()
    {
        if (_depth > 0 && !_isMap[_depth - 1])
            _counts[_depth - 1]++;
    }

    private void Open(bool map)
    {
        if (_depth == _counts.Length)
        {
            Array.Resize(ref _headerChunks, _depth * 2);
            Array.Resize(ref _headerOffsets, _depth * 2);
            Array.Resize(ref _counts, _depth * 2);
            Array.Resize(ref _isMap, _depth * 2);
        }

        Reserve(HeaderLength);
        _headerChunks[_depth] = _chunk;
        _headerOffsets[_depth] = _pos;
        _pos += HeaderLength;
        _counts[_depth] = 0;
        _isMap[_depth] = map;
        _depth++;
    }

    private void Close(bool map)
    {
        if (_depth == 0 || _isMap[_depth - 1] != map)
            ThrowUnbalanced(map);
        _depth--;
        Span<byte> header = _headerChunks[_depth].AsSpan(_headerOffsets[_depth], HeaderLength);
        header[0] = map ? Map32 : Array32;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)_counts[_depth]);
        _headerChunks[_depth] = null!;
        if (_depth == 0)
            Flush();
    }

    /// <summary>Room for <paramref name="length"/> bytes at <see cref="_pos"/>, from the output's next chunk when this one is short.</summary>
    private Span<byte> Reserve(int length)
    {
        if (_limit - _pos < length)
            NextChunk(length);
        return _chunk.AsSpan(_pos, length);
    }

    private void NextChunk(int length)
    {
        Flush();
        Memory<byte> memory = _output.GetMemory(Math.Max(length, ChunkHint));
        if (!MemoryMarshal.TryGetArray(memory, out ArraySegment<byte> segment))
            ThrowNotArrayBacked();
        _chunk = segment.Array!;
        _start = _pos = segment.Offset;
        _limit = segment.Offset + segment.Count;
    }

    private void WriteByte(byte value)
    {
        Reserve(1)[0] = value;
        _pos++;
    }

    private void WriteInteger(long value)
    {
        Span<byte> span = Reserve(9);
        int length;
        if (value >= 0)
        {
            if (value <= 0x7f)
            {
                span[0] = (byte)value;
                length = 1;
            }
            else if (value <= byte.MaxValue)
            {
                span[0] = 0xcc;
                span[1] = (byte)value;
                length = 2;
            }
            else if (value <= ushort.MaxValue)
            {
                span[0] = 0xcd;
                BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)value);
                length = 3;
            }
            else if (value <= uint.MaxValue)
            {
                span[0] = 0xce;
                BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value);
                length = 5;
            }
            else
            {
                span[0] = 0xcf;
                BinaryPrimitives.WriteUInt64BigEndian(span[1..], (ulong)value);
                length = 9;
            }
        }
        else if (value >= -32)
        {
            span[0] = unchecked((byte)(sbyte)value);
            length = 1;
        }
        else if (value >= int.MinValue)
        {
            span[0] = 0xd2;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value);
            length = 5;
        }
        else
        {
            span[0] = 0xd3;
            BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
            length = 9;
        }

        _pos += length;
    }

    private void WriteStr(string value)
    {
        int bytes = Encoding.UTF8.GetByteCount(value);
        int header = StrHeaderLength(bytes);
        Span<byte> span = Reserve(header + bytes);
        WriteStrHeader(span, bytes);
        Encoding.UTF8.GetBytes(value, span[header..]);
        _pos += header + bytes;
    }

    private static int StrHeaderLength(int bytes) => bytes <= 31 ? 1 : bytes <= byte.MaxValue ? 2 : bytes <= ushort.MaxValue ? 3 : 5;

    private static void WriteStrHeader(Span<byte> span, int bytes)
    {
        switch (StrHeaderLength(bytes))
        {
            case 1:
                span[0] = (byte)(0xa0 | bytes);
                break;
            case 2:
                span[0] = 0xd9;
                span[1] = (byte)bytes;
                break;
            case 3:
                span[0] = 0xda;
                BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)bytes);
                break;
            default:
                span[0] = 0xdb;
                BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)bytes);
                break;
        }
    }

    private static void ThrowNotArrayBacked() => throw new InvalidOperationException("The output's memory is not backed by an array.");

    private static void ThrowNotInMap() => throw new InvalidOperationException("A key was written outside a map.");

    private static void ThrowUnbalanced(bool map) =>
        throw new InvalidOperationException(map ? "EndMap without an open map." : "EndArray without an open array.");
}

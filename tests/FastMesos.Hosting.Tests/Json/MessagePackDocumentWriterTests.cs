using System.Text.Json;
using FastMesos.Hosting.Json;
using MessagePack;

namespace FastMesos.Hosting.Tests.Json;

/// <summary>
/// The hand-written MessagePack writer against MessagePack-CSharp's reader: every integer and string
/// size class, containers whose lengths are filled in when they close (past the 15 and 65,535 of
/// the short forms), nesting, and JSON transcoding.
/// </summary>
public sealed class MessagePackDocumentWriterTests
{
    private static readonly long[] Integers =
    [
        0, 1, 127, 128, 255, 256, 65_535, 65_536, uint.MaxValue, (long)uint.MaxValue + 1, long.MaxValue,
        -1, -32, -33, -128, -129, int.MinValue, (long)int.MinValue - 1, long.MinValue,
    ];

    [Fact]
    public void Every_value_reads_back_with_MessagePack_CSharp()
    {
        using var buffer = new PooledSegmentBuffer();
        var w = new MessagePackDocumentWriter(buffer);
        string[] strings = ["", "a", new('x', 31), new('x', 32), new('y', 255), new('y', 256), new('z', 65_535), new('z', 65_536), "ünïcødé ☃ 𝄞"];
        w.StartMap();
        w.StartArray("integers");
        foreach (long value in Integers)
            w.Number(value);
        w.EndArray();
        w.StartArray("strings");
        foreach (string value in strings)
            w.String(value);
        w.EndArray();
        w.Number("double", 0.1);
        w.Boolean("yes", true);
        w.Boolean("no", false);
        w.String("nothing", null);
        w.StartMap("many");
        for (int i = 0; i < 20; i++)
            w.Number("k" + i, i);
        w.EndMap();
        w.StartArray("long");
        for (int i = 0; i < 70_000; i++)
            w.Number(i);
        w.EndArray();
        w.StartArray("nested");
        w.StartMap();
        w.StartArray("inner");
        w.StartArray();
        w.EndArray();
        w.EndArray();
        w.EndMap();
        w.EndArray();
        w.EndMap();
        Assert.Equal(0, w.Depth);

        var reader = new MessagePackReader(buffer.ToArray());
        Assert.Equal(9, reader.ReadMapHeader());
        Assert.Equal("integers", reader.ReadString());
        Assert.Equal(Integers.Length, reader.ReadArrayHeader());
        foreach (long value in Integers)
            Assert.Equal(value, value == long.MaxValue || value > int.MaxValue ? (long)reader.ReadUInt64() : reader.ReadInt64());
        Assert.Equal("strings", reader.ReadString());
        Assert.Equal(strings.Length, reader.ReadArrayHeader());
        foreach (string value in strings)
            Assert.Equal(value, reader.ReadString());
        Assert.Equal("double", reader.ReadString());
        Assert.Equal(0.1, reader.ReadDouble());
        Assert.Equal("yes", reader.ReadString());
        Assert.True(reader.ReadBoolean());
        Assert.Equal("no", reader.ReadString());
        Assert.False(reader.ReadBoolean());
        Assert.Equal("nothing", reader.ReadString());
        Assert.True(reader.TryReadNil());
        Assert.Equal("many", reader.ReadString());
        Assert.Equal(20, reader.ReadMapHeader());
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal("k" + i, reader.ReadString());
            Assert.Equal(i, reader.ReadInt32());
        }

        Assert.Equal("long", reader.ReadString());
        Assert.Equal(70_000, reader.ReadArrayHeader());
        for (int i = 0; i < 70_000; i++)
            Assert.Equal(i, reader.ReadInt32());
        Assert.Equal("nested", reader.ReadString());
        Assert.Equal(1, reader.ReadArrayHeader());
        Assert.Equal(1, reader.ReadMapHeader());
        Assert.Equal("inner", reader.ReadString());
        Assert.Equal(1, reader.ReadArrayHeader());
        Assert.Equal(0, reader.ReadArrayHeader());
        Assert.True(reader.End);
    }

    [Fact]
    public void Shortest_forms_for_small_values()
    {
        using var buffer = new PooledSegmentBuffer();
        var w = new MessagePackDocumentWriter(buffer);
        w.Number(5);
        w.Number(-3);
        w.String("ab");
        w.Flush();
        Assert.Equal(new byte[] { 0x05, 0xfd, 0xa2, (byte)'a', (byte)'b' }, buffer.ToArray());
    }

    [Fact]
    public void Json_transcodes_to_the_same_tree()
    {
        const string json = """{"a":1,"b":[true,false,null,"s",1.5,-7,12345678901],"c":{"d":{},"e":[]},"ünï":"ç"}""";
        using JsonDocument source = JsonDocument.Parse(json);
        using var buffer = new PooledSegmentBuffer();
        var w = new MessagePackDocumentWriter(buffer);
        w.Json(source.RootElement);
        Assert.Equal(0, w.Depth);
        Assert.Equal(json, MessagePackSerializer.ConvertToJson(buffer.ToArray()).Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Encoded_keys_equal_keys_written_as_strings()
    {
        using var a = new PooledSegmentBuffer();
        using var b = new PooledSegmentBuffer();
        var wa = new MessagePackDocumentWriter(a);
        var wb = new MessagePackDocumentWriter(b);
        wa.StartMap();
        wb.StartMap();
        foreach (string key in new[] { "id", new string('k', 40), "ünï" })
        {
            wa.String(key, "v");
            wb.Key(MessagePackDocumentWriter.Encode(key));
            wb.String(MessagePackDocumentWriter.Encode("v"));
        }

        wa.EndMap();
        wb.EndMap();
        Assert.Equal(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void Misplaced_keys_and_unbalanced_ends_are_refused()
    {
        using var buffer = new PooledSegmentBuffer();
        var w = new MessagePackDocumentWriter(buffer);
        Assert.Throws<InvalidOperationException>(() => w.Key("top"));
        w.StartArray();
        Assert.Throws<InvalidOperationException>(() => w.Key("in an array"));
        Assert.Throws<InvalidOperationException>(w.EndMap);
        w.EndArray();
        Assert.Throws<InvalidOperationException>(w.EndArray);
    }

    [Fact]
    public void A_string_given_as_UTF8_bytes_is_written_as_the_same_string_would_be()
    {
        string[] strings = ["", "a", new('x', 31), new('x', 32), new('y', 255), new('y', 256), new('z', 65_535), new('z', 65_536), "ünïcødé ☃ 𝄞"];
        using var asStrings = new PooledSegmentBuffer();
        using var asBytes = new PooledSegmentBuffer();
        var a = new MessagePackDocumentWriter(asStrings);
        var b = new MessagePackDocumentWriter(asBytes);
        a.StartArray();
        b.StartArray();
        foreach (string value in strings)
        {
            a.String(value);
            b.StringUtf8(System.Text.Encoding.UTF8.GetBytes(value));
        }

        a.EndArray();
        b.EndArray();

        Assert.Equal(asStrings.ToArray(), asBytes.ToArray());
        var reader = new MessagePackReader(asBytes.ToArray());
        Assert.Equal(strings.Length, reader.ReadArrayHeader());
        foreach (string value in strings)
            Assert.Equal(value, reader.ReadString());
    }
}

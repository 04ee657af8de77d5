using System.Buffers;
using System.Text.Json;
using FastMesos.Engine.Master;
using FastMesos.Hosting.Json;
using FastMesos.Master.Ha;
using FastMesos.Master.Http;
using MessagePack;

namespace FastMesos.Master.Tests;

/// <summary>
/// <c>/master/state</c> as MessagePack holds the JSON document's tree: the same keys in the same
/// order, the same strings and booleans, numbers equal as doubles (resource scalars are float 64
/// where the JSON writes whole amounts as integers), on the golden core of <see cref="MasterStateJsonTests"/>
/// (merged reservations, ranges, sets, attributes, labels, offers) for a leader and for a standby.
/// </summary>
public sealed class MasterStateMessagePackTests
{
    public static TheoryData<bool> Leaders => [true, false];

    [Theory]
    [MemberData(nameof(Leaders))]
    public void The_MessagePack_state_is_the_JSON_state(bool elected)
    {
        MasterCore core = MasterStateJsonTests.BuildCore();
        var leadership = new MasterLeadership(elected);
        if (!elected)
            leadership.SetDetected(new DetectedMaster("other", "master@10.1.1.1:5050", "10.1.1.1", 5050, """{"id":"other","port":5050,"address":{"ip":"10.1.1.1"}}"""u8.ToArray()));
        using MasterSnapshot snapshot = MasterSnapshot.Take(core);
        var json = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(json))
            MasterStateJson.WriteState(w, snapshot, leadership);
        using var packed = new PooledSegmentBuffer();
        MasterStateMessagePack.WriteState(new MessagePackDocumentWriter(packed), snapshot, leadership);

        using JsonDocument expected = JsonDocument.Parse(json.WrittenMemory);
        using JsonDocument actual = JsonDocument.Parse(MessagePackSerializer.ConvertToJson(packed.ToArray()));
        AssertSameTree(expected.RootElement, actual.RootElement, "$");
        Assert.True(packed.WrittenCount < json.WrittenCount, $"{packed.WrittenCount} bytes of MessagePack, {json.WrittenCount} of JSON");
    }

    private static void AssertSameTree(JsonElement expected, JsonElement actual, string path)
    {
        if (expected.ValueKind == JsonValueKind.Number)
        {
            Assert.True(actual.ValueKind == JsonValueKind.Number, $"{path}: {actual.ValueKind}, expected a number");
            Assert.True(expected.GetDouble() == actual.GetDouble(), $"{path}: {actual} != {expected}");
            return;
        }

        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: {actual.ValueKind}, expected {expected.ValueKind}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                JsonProperty[] e = expected.EnumerateObject().ToArray();
                JsonProperty[] a = actual.EnumerateObject().ToArray();
                Assert.True(e.Select(p => p.Name).SequenceEqual(a.Select(p => p.Name)), $"{path}: keys [{string.Join(",", a.Select(p => p.Name))}], expected [{string.Join(",", e.Select(p => p.Name))}]");
                for (int i = 0; i < e.Length; i++)
                    AssertSameTree(e[i].Value, a[i].Value, path + "." + e[i].Name);
                break;
            case JsonValueKind.Array:
                Assert.True(expected.GetArrayLength() == actual.GetArrayLength(), $"{path}: {actual.GetArrayLength()} items, expected {expected.GetArrayLength()}");
                for (int i = 0; i < expected.GetArrayLength(); i++)
                    AssertSameTree(expected[i], actual[i], $"{path}[{i}]");
                break;
            case JsonValueKind.String:
                Assert.True(expected.GetString() == actual.GetString(), $"{path}: '{actual.GetString()}', expected '{expected.GetString()}'");
                break;
        }
    }
}

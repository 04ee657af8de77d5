using System.Text;
using CsCheck;
using FastMesos.Hosting.Json;
using FastMesos.Messages;

namespace FastMesos.Hosting.Tests.Json;

/// <summary>
/// The ranges text written on the stack, and the string <see cref="MesosJson.RangesText"/> makes
/// through it, against a plain model of Mesos' text: sorted, adjacent and overlapping ranges merged,
/// <c>"[a-b, c-d]"</c>.
/// </summary>
public sealed class RangesUtf8Tests
{
    // Sorted by begin, as a resource keeps them; adjacent, overlapping and nested ranges included.
    private static readonly Gen<ValueRange[]> SortedRanges =
        Gen.Select(Gen.ULong[0, 40], Gen.ULong[0, 6]).Array[0, RangesUtf8.StackRanges].Select(static pairs =>
        {
            var ranges = new ValueRange[pairs.Length];
            ulong at = 0;
            for (int i = 0; i < pairs.Length; i++)
            {
                at += pairs[i].Item1 % 3;
                ranges[i] = new ValueRange(at, at + pairs[i].Item2);
            }

            return ranges;
        });

    [Fact]
    public void Sorted_ranges_are_written_byte_for_byte_as_the_string_text()
    {
        SortedRanges.Sample(static ranges =>
        {
            Span<byte> text = stackalloc byte[RangesUtf8.StackBytes];
            int length = RangesUtf8.TryFormat(ranges, text);
            Assert.True(length > 0);
            Assert.Equal(Model(ranges), Encoding.UTF8.GetString(text[..length]));
        });
    }

    [Fact]
    public void The_string_text_of_any_ranges_in_any_order_matches_the_model()
    {
        Gen.Select(Gen.ULong[0, 100], Gen.ULong[0, 8]).Array[0, 40].Sample(static pairs =>
        {
            ValueRange[] ranges = [.. pairs.Select(static p => new ValueRange(p.Item1, p.Item1 + p.Item2))];
            Assert.Equal(Model(ranges), MesosJson.RangesText([.. ranges]));
        });
    }

    private static string Model(ValueRange[] ranges)
    {
        var merged = new List<(ulong Begin, ulong End)>();
        foreach (ValueRange r in ranges.OrderBy(static r => r.Begin))
        {
            if (merged.Count > 0 && r.Begin <= merged[^1].End + 1)
                merged[^1] = (merged[^1].Begin, Math.Max(merged[^1].End, r.End));
            else
                merged.Add((r.Begin, r.End));
        }

        return "[" + string.Join(", ", merged.Select(static m => $"{m.Begin}-{m.End}")) + "]";
    }

    [Fact]
    public void The_widest_numbers_fit()
    {
        var ranges = new ValueRange[RangesUtf8.StackRanges];
        for (int i = 0; i < ranges.Length; i++)
            ranges[i] = new ValueRange(ulong.MaxValue - 100 + (ulong)(i * 5), ulong.MaxValue - 98 + (ulong)(i * 5));
        Span<byte> text = stackalloc byte[RangesUtf8.StackBytes];

        int length = RangesUtf8.TryFormat(ranges, text);

        Assert.Equal(Model(ranges), Encoding.UTF8.GetString(text[..length]));
    }

    [Fact]
    public void Unsorted_ranges_or_too_little_room_are_left_to_the_string_path()
    {
        Span<byte> text = stackalloc byte[RangesUtf8.StackBytes];
        Assert.Equal(-1, RangesUtf8.TryFormat([new ValueRange(10, 20), new ValueRange(1, 2)], text));
        Assert.Equal(-1, RangesUtf8.TryFormat(new ValueRange[RangesUtf8.StackRanges + 1], text));
        Assert.Equal("[0-0]", Encoding.UTF8.GetString(text[..RangesUtf8.TryFormat(new ValueRange[RangesUtf8.StackRanges], text)]));
        Assert.Equal(-1, RangesUtf8.TryFormat([new ValueRange(1, 2)], text[..(RangesUtf8.MaxBytes(1) - 1)]));
        Assert.Equal("[]", Encoding.UTF8.GetString(text[..RangesUtf8.TryFormat([], text)]));
    }

    [Fact]
    public void An_agent_s_ports_are_written_into_JSON_without_a_string()
    {
        Resource ports = Resource.CreateRanges("ports", [new ValueRange(31000, 31999), new ValueRange(32000, 32000), new ValueRange(33000, 33010)]);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new System.Text.Json.Utf8JsonWriter(output))
        {
            w.WriteStartObject();
            MesosJson.WriteResources(w, "resources", Resources.From(ports));
            w.WriteEndObject();
        }

        Assert.Equal("""{"resources":{"ports":"[31000-32000, 33000-33010]"}}""", Encoding.UTF8.GetString(output.WrittenSpan));
    }
}

using System.Globalization;
using CsCheck;
using FastMesos.Marathon.Http;

namespace FastMesos.Marathon.Tests;

/// <summary>Marathon's timestamp text, written digit by digit, against .NET's own formatting of the same pattern.</summary>
public sealed class TimestampsTests
{
    private static string Reference(DateTimeOffset time) =>
        time.UtcDateTime.ToString(Timestamps.Pattern, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(1L)]
    [InlineData(0L)]
    [InlineData(638_686_000_000_000_000L)]
    [InlineData(3_155_378_975_999_999_999L)]   // 9999-12-31T23:59:59.999
    public void Edges_format_as_the_pattern_does(long ticks)
    {
        var time = new DateTimeOffset(ticks, TimeSpan.Zero);
        Assert.Equal(Reference(time), Timestamps.Format(time));
    }

    [Fact]
    public void Any_instant_and_offset_formats_as_the_pattern_does()
    {
        Gen.Select(Gen.Long[TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay], Gen.Int[-14 * 60, 14 * 60])
            .Sample(t =>
            {
                var time = new DateTimeOffset(t.Item1, TimeSpan.FromMinutes(t.Item2));
                Span<char> chars = stackalloc char[Timestamps.Length];
                int written = Timestamps.Format(time, chars);
                string expected = Reference(time);
                Assert.Equal(expected, Timestamps.Format(time));
                Assert.Equal(expected, chars[..written].ToString());
            }, iter: 20_000);
    }

    [Fact]
    public void A_short_destination_is_refused()
    {
        char[] chars = new char[Timestamps.Length - 1];
        Assert.Throws<ArgumentException>(() => Timestamps.Format(DateTimeOffset.UnixEpoch, chars));
    }
}

using FastMesos.Hosting.Flags;

namespace FastMesos.Hosting.Tests.Flags;

public class MesosDurationTests
{
    [Theory]
    [InlineData("5secs", 5 * TimeSpan.TicksPerSecond)]
    [InlineData("15secs", 15 * TimeSpan.TicksPerSecond)]
    [InlineData("1mins", TimeSpan.TicksPerMinute)]
    [InlineData("1.5mins", 90 * TimeSpan.TicksPerSecond)]
    [InlineData("2hrs", 2 * TimeSpan.TicksPerHour)]
    [InlineData("1days", TimeSpan.TicksPerDay)]
    [InlineData("2weeks", 14 * TimeSpan.TicksPerDay)]
    [InlineData("100ms", 100 * TimeSpan.TicksPerMillisecond)]
    [InlineData("10us", 10 * TimeSpan.TicksPerMicrosecond)]
    [InlineData("10ns", 0)] // below one 100 ns tick
    [InlineData("150ns", 2)] // 1.5 ticks rounds to even
    [InlineData("250ns", 2)]
    [InlineData("5", 5 * TimeSpan.TicksPerSecond)] // bare number = seconds
    [InlineData(".5", TimeSpan.TicksPerSecond / 2)]
    [InlineData(" 3secs ", 3 * TimeSpan.TicksPerSecond)]
    [InlineData("0ns", 0)]
    public void Parses_mesos_units(string text, long ticks)
    {
        Assert.True(MesosDuration.TryParse(text, out TimeSpan value, out string? error), error);
        Assert.Equal(ticks, value.Ticks);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("", "Invalid duration ''")]
    [InlineData("secs", "Invalid duration 'secs'")]
    [InlineData("5s", "unknown unit 's'")]
    [InlineData("5sec", "unknown unit 'sec'")]
    [InlineData("5 secs", "unknown unit ' secs'")]
    [InlineData("5SECS", "unknown unit 'SECS'")]
    [InlineData("1.2.3secs", "Invalid duration '1.2.3secs'")]
    [InlineData("99999999999weeks", "out of range")]
    public void Rejects_bad_text_naming_it(string text, string expected)
    {
        Assert.False(MesosDuration.TryParse(text, out _, out string? error));
        Assert.Contains(expected, error);
        Assert.Throws<FormatException>(() => MesosDuration.Parse(text));
    }

    [Theory]
    [InlineData(0L, "0ns")]
    [InlineData(1L, "100ns")]
    [InlineData(10L, "1us")]
    [InlineData(5 * TimeSpan.TicksPerSecond, "5secs")]
    [InlineData(90 * TimeSpan.TicksPerSecond, "1.5mins")]
    [InlineData(15 * TimeSpan.TicksPerMinute, "15mins")]
    [InlineData(TimeSpan.TicksPerDay, "1days")]
    [InlineData(14 * TimeSpan.TicksPerDay, "2weeks")]
    [InlineData(-TimeSpan.TicksPerSecond, "-1secs")]
    [InlineData(TimeSpan.TicksPerMillisecond * 100, "100ms")]
    public void Formats_like_stout(long ticks, string expected)
    {
        Assert.Equal(expected, MesosDuration.Format(TimeSpan.FromTicks(ticks)));
        Assert.Equal(ticks, MesosDuration.Parse(expected).Ticks);
    }
}

using FastMesos.Hosting.Flags;

namespace FastMesos.Hosting.Tests.Flags;

public class MesosBytesTests
{
    [Theory]
    [InlineData("0B", 0L)]
    [InlineData("512B", 512L)]
    [InlineData("4KB", 4096L)]
    [InlineData("32MB", 32L * 1024 * 1024)]
    [InlineData("32mb", 32L * 1024 * 1024)]
    [InlineData("1GB", 1024L * 1024 * 1024)]
    [InlineData("2TB", 2L * 1024 * 1024 * 1024 * 1024)]
    public void Parses_binary_units(string text, long bytes)
    {
        Assert.True(MesosBytes.TryParse(text, out long value, out string? error), error);
        Assert.Equal(bytes, value);
    }

    [Theory]
    [InlineData("1.5GB", "fractional")]
    [InlineData("32", "missing unit")]
    [InlineData("32XB", "unknown unit 'XB'")]
    [InlineData("MB", "Invalid bytes 'MB'")]
    [InlineData("-1MB", "Invalid bytes '-1MB'")]
    [InlineData("99999999999TB", "out of range")]
    public void Rejects_bad_text_naming_it(string text, string expected)
    {
        Assert.False(MesosBytes.TryParse(text, out _, out string? error));
        Assert.Contains(expected, error);
        Assert.Throws<FormatException>(() => MesosBytes.Parse(text));
    }

    [Theory]
    [InlineData(0L, "0B")]
    [InlineData(1025L, "1025B")]
    [InlineData(2048L, "2KB")]
    [InlineData(32L * 1024 * 1024, "32MB")]
    [InlineData(1536L * 1024 * 1024, "1536MB")]
    [InlineData(1024L * 1024 * 1024, "1GB")]
    public void Formats_in_the_largest_lossless_unit(long bytes, string expected)
    {
        Assert.Equal(expected, MesosBytes.Format(bytes));
        Assert.Equal(bytes, MesosBytes.Parse(expected));
    }
}

using System.Buffers;
using System.Text.Json;
using CsCheck;
using FastMesos.Hosting.Json;

namespace FastMesos.Hosting.Tests.Json;

/// <summary>The scalar fast path writes exactly what <see cref="Utf8JsonWriter.WriteNumberValue(double)"/> writes for milli / 1000.</summary>
public sealed class ScalarJsonTests
{
    // Inside the exact range only (see Outside_the_exact_range_it_declines): a double of ±1e12, or
    // one just below it, rounds to ±10^15 thousandths, which TryFormat rightly declines (seed 5PdEdhjMcvd1).
    private static readonly Gen<long> Milli = Gen.OneOf(
        Gen.Long[-100_000, 100_000],
        Gen.Long[-999_999_999_999_999, 999_999_999_999_999],
        Gen.Double[-1e12, 1e12].Select(static d => Math.Clamp((long)Math.Round(d * 1000), -999_999_999_999_999, 999_999_999_999_999)),
        Gen.Long[0, 1_000_000_000].Select(static m => m * 1000));

    [Fact]
    public void Fast_path_equals_the_writers_double_formatting() =>
        Milli.Sample(static milli => Assert.Equal(Reference(milli), Fast(milli)), iter: 200_000);

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(100L)]
    [InlineData(-1L)]
    [InlineData(999_999_999_999_999L)]
    [InlineData(-999_999_999_999_999L)]
    [InlineData(123_456_789L)]
    public void Edges_equal_the_writers_double_formatting(long milli) => Assert.Equal(Reference(milli), Fast(milli));

    [Theory]
    [InlineData(1_000_000_000_000_000L)]
    [InlineData(-1_000_000_000_000_000L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Outside_the_exact_range_it_declines(long milli) => Assert.False(ScalarJson.TryFormat(milli, new byte[ScalarJson.MaxLength], out _));

    [Fact]
    public void WriteScalar_writes_the_property_as_WriteNumber_does()
    {
        foreach (string name in new[] { "cpus", "mem", "disk", "gpus", "custom \"x\"" })
        {
            foreach (long milli in new[] { 0L, 100L, 32_000L, 2_000_000_000_000_000L })
            {
                Assert.Equal(
                    Write(w => w.WriteNumber(name, milli / 1000.0)),
                    Write(w => MesosJson.WriteScalar(w, name, milli)));
            }
        }
    }

    private static string Fast(long milli)
    {
        var bytes = new byte[ScalarJson.MaxLength];
        Assert.True(ScalarJson.TryFormat(milli, bytes, out int written));
        return System.Text.Encoding.UTF8.GetString(bytes, 0, written);
    }

    private static string Reference(long milli)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
            w.WriteNumberValue(milli / 1000.0);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

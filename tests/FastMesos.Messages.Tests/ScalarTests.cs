namespace FastMesos.Messages.Tests;

/// <summary>Scalar is Mesos' fixed-point quantity: value × 1000, rounded half away from zero.</summary>
public class ScalarTests
{
    [Theory]
    // Whole numbers are exact.
    [InlineData("4", 4000)]
    [InlineData("8192", 8192000)]
    // The smallest step is 0.001.
    [InlineData("0.001", 1)]
    // 0.1 is not exact as a double but is exact in milli.
    [InlineData("0.1", 100)]
    // Three decimals survive untouched.
    [InlineData("0.125", 125)]
    // Zero, in both spellings.
    [InlineData("0", 0)]
    [InlineData("-0", 0)]
    // Below half a milli rounds down to nothing.
    [InlineData("0.0004", 0)]
    // Exactly half a milli rounds away from zero (Mesos' llround does the same).
    [InlineData("0.0005", 1)]
    [InlineData("0.0015", 2)]
    // Rounding carries into the whole part.
    [InlineData("0.9995", 1000)]
    // A fourth decimal above the half rounds up.
    [InlineData("0.0006", 1)]
    // Exponent notation is a number too.
    [InlineData("1e3", 1000000)]
    // Surrounding whitespace is tolerated.
    [InlineData(" 2.5 ", 2500)]
    // The largest value text may carry.
    [InlineData("1000000000000", 1000000000000000)]
    public void TryParse_gives_milli_rounded_to_three_decimals(string text, long milli)
    {
        Assert.True(Scalar.TryParse(text, out Scalar s));
        Assert.Equal(milli, s.Milli);
    }

    [Theory]
    // Not a number.
    [InlineData("NaN")]
    [InlineData("nan")]
    // Infinities, both signs.
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    // A quantity is never negative.
    [InlineData("-1")]
    // Even a tiny negative, which would round to zero, is refused.
    [InlineData("-0.0001")]
    // Junk.
    [InlineData("abc")]
    [InlineData("4cpus")]
    [InlineData("0x10")]
    // Empty and blank.
    [InlineData("")]
    [InlineData(" ")]
    // Thousands separators are not part of the format.
    [InlineData("1,5")]
    // Above the 1e12 cap that keeps sums far from overflow.
    [InlineData("1e13")]
    // Overflows double to infinity.
    [InlineData("1e400")]
    public void TryParse_rejects(string text)
    {
        Assert.False(Scalar.TryParse(text, out Scalar s));
        Assert.Equal(Scalar.Zero, s);
    }

    [Theory]
    // Whole numbers print without a decimal point.
    [InlineData(4000, "4")]
    [InlineData(8192000, "8192")]
    // Trailing zeros of the fraction are dropped.
    [InlineData(100, "0.1")]
    [InlineData(1500, "1.5")]
    // All three decimals when needed.
    [InlineData(125, "0.125")]
    // Leading zeros of the fraction are kept.
    [InlineData(1, "0.001")]
    [InlineData(10, "0.01")]
    [InlineData(0, "0")]
    // Differences can go negative; the sign must not be lost when the whole part is 0.
    [InlineData(-500, "-0.5")]
    [InlineData(-1500, "-1.5")]
    [InlineData(-2000, "-2")]
    public void ToString_prints_the_shortest_exact_decimal(long milli, string text) =>
        Assert.Equal(text, new Scalar(milli).ToString());

    [Theory]
    // Printing then parsing is the identity on non-negative values.
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(125)]
    [InlineData(999)]
    [InlineData(123456789)]
    public void Print_then_parse_is_identity(long milli)
    {
        Assert.True(Scalar.TryParse(new Scalar(milli).ToString(), out Scalar back));
        Assert.Equal(milli, back.Milli);
    }

    [Theory]
    // Same rounding as text.
    [InlineData(0.1, 100)]
    [InlineData(0.0005, 1)]
    [InlineData(0.0004, 0)]
    // 1.2345 × 1000 is exactly 1234.5 in double: rounds away from zero.
    [InlineData(1.2345, 1235)]
    [InlineData(8192, 8192000)]
    public void FromDouble_rounds_to_milli(double value, long milli) =>
        Assert.Equal(milli, Scalar.FromDouble(value).Milli);

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-1.0)]
    [InlineData(2e12)]
    public void FromDouble_rejects_non_finite_negative_and_huge(double value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Scalar.FromDouble(value));

    [Fact]
    public void Adding_a_tenth_ten_thousand_times_is_exactly_a_thousand()
    {
        Assert.True(Scalar.TryParse("0.1", out Scalar tenth));
        Scalar sum = Scalar.Zero;
        double drift = 0;
        for (int i = 0; i < 10_000; i++)
        {
            sum += tenth;
            drift += 0.1;
        }

        Assert.Equal(1_000_000, sum.Milli);
        Assert.Equal("1000", sum.ToString());
        // The point of fixed point: doubles do drift over the same loop.
        Assert.NotEqual(1000.0, drift);

        for (int i = 0; i < 10_000; i++)
            sum -= tenth;
        Assert.Equal(Scalar.Zero, sum);
    }

    [Fact]
    public void Comparison_is_on_milli()
    {
        var a = new Scalar(100);
        var b = new Scalar(101);
        Assert.True(a < b);
        Assert.True(b > a);
        Assert.True(a <= new Scalar(100));
        Assert.True(a >= new Scalar(100));
        Assert.True(a.CompareTo(b) < 0);
        Assert.Equal(0.1, a.Value);
    }
}

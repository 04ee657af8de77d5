using System.Globalization;

namespace FastMesos.Messages;

/// <summary>
/// A scalar resource quantity in Mesos' fixed-point form: the value times 1000, rounded.
/// Arithmetic on <see cref="Milli"/> is exact, so adding and subtracting 0.1 cpus a million
/// times never drifts the way doubles do (Mesos <c>src/common/values.cpp</c> does the same).
/// </summary>
public readonly record struct Scalar(long Milli) : IComparable<Scalar>
{
    /// <summary>Fixed-point factor: three decimal places.</summary>
    public const long Scale = 1000;

    /// <summary>The largest value text may carry: keeps Milli far from overflow in sums.</summary>
    public const double MaxValue = 1e12;

    public static Scalar Zero => default;

    public double Value => Milli / (double)Scale;

    public static Scalar FromDouble(double value)
    {
        if (!double.IsFinite(value) || value < 0 || value > MaxValue)
            ThrowHelper.ThrowArgumentOutOfRange(nameof(value), value.ToString(CultureInfo.InvariantCulture) + " is not a finite, non-negative scalar ≤ 1e12");
        return new Scalar((long)Math.Round(value * Scale, MidpointRounding.AwayFromZero));
    }

    /// <summary>Parses a non-negative decimal number; false for NaN, infinity, negatives and junk.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Scalar scalar)
    {
        scalar = default;
        if (text.IsEmpty || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            return false;
        if (!double.IsFinite(v) || v < 0 || v > MaxValue)
            return false;
        scalar = new Scalar((long)Math.Round(v * Scale, MidpointRounding.AwayFromZero));
        return true;
    }

    public static Scalar operator +(Scalar a, Scalar b) => new(a.Milli + b.Milli);
    public static Scalar operator -(Scalar a, Scalar b) => new(a.Milli - b.Milli);
    public static bool operator <(Scalar a, Scalar b) => a.Milli < b.Milli;
    public static bool operator >(Scalar a, Scalar b) => a.Milli > b.Milli;
    public static bool operator <=(Scalar a, Scalar b) => a.Milli <= b.Milli;
    public static bool operator >=(Scalar a, Scalar b) => a.Milli >= b.Milli;

    public int CompareTo(Scalar other) => Milli.CompareTo(other.Milli);

    /// <summary>Prints the shortest exact decimal: 4, 0.1, 8192, 0.125.</summary>
    public override string ToString()
    {
        long whole = Milli / Scale;
        long frac = Math.Abs(Milli % Scale);
        if (frac == 0)
            return (Milli < 0 && whole == 0 ? "-" : "") + whole.ToString(CultureInfo.InvariantCulture);
        string f = frac.ToString("000", CultureInfo.InvariantCulture).TrimEnd('0');
        string sign = Milli < 0 && whole == 0 ? "-" : "";
        return sign + whole.ToString(CultureInfo.InvariantCulture) + "." + f;
    }
}

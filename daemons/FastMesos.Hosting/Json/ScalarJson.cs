using System.Buffers.Text;

namespace FastMesos.Hosting.Json;

/// <summary>
/// Resource scalars are whole thousandths (<see cref="FastMesos.Messages.Scalar"/>). For those below
/// 10^12 units, the shortest text that round-trips <c>milli / 1000.0</c> — what
/// <c>Utf8JsonWriter.WriteNumberValue(double)</c> writes — is the plain decimal with trailing zeros
/// dropped: the double nearest a 3-decimal value is closer to it than to any other decimal of at most
/// 3 places, and .NET uses no exponent between 10^-5 and 10^15. Writing those digits directly skips
/// the generic double formatting (most of a state document's numbers are resources).
/// </summary>
public static class ScalarJson
{
    /// <summary>Room for the longest text: a sign, 12 integer digits, the point and 3 decimals.</summary>
    public const int MaxLength = 24;

    private const long Limit = 1_000_000_000_000_000; // 10^15 thousandths = 10^12 units

    /// <summary>Formats <paramref name="milli"/> / 1000; false (nothing written) when out of the exact range.</summary>
    public static bool TryFormat(long milli, Span<byte> destination, out int written)
    {
        written = 0;
        if (milli <= -Limit || milli >= Limit || destination.Length < MaxLength)
            return false;
        int at = 0;
        if (milli < 0)
        {
            destination[at++] = (byte)'-';
            milli = -milli;
        }

        long whole = Math.DivRem(milli, 1000, out long fraction);
        if (!Utf8Formatter.TryFormat(whole, destination[at..], out int digits))
            return false;
        at += digits;
        if (fraction != 0)
        {
            destination[at++] = (byte)'.';
            destination[at++] = (byte)('0' + (fraction / 100));
            fraction %= 100;
            if (fraction != 0)
            {
                destination[at++] = (byte)('0' + (fraction / 10));
                fraction %= 10;
                if (fraction != 0)
                    destination[at++] = (byte)('0' + fraction);
            }
        }

        written = at;
        return true;
    }
}

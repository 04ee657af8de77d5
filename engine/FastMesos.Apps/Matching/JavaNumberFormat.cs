using System.Globalization;

namespace FastMesos.Apps.Matching;

/// <summary>
/// Java's <c>Double.toString</c>, which Marathon uses for <c>MARATHON_APP_RESOURCE_CPUS|MEM|DISK</c>
/// (cpus 1 → <c>1.0</c>, mem 128 → <c>128.0</c>, 0.01 → <c>0.01</c>): shortest round-trip digits,
/// always a fraction; scientific (<c>1.0E7</c>, <c>1.0E-4</c>) outside [1e-3, 1e7).
/// </summary>
public static class JavaNumberFormat
{
    public static string Double(double value)
    {
        if (double.IsNaN(value))
            return "NaN";
        if (double.IsInfinity(value))
            return value > 0 ? "Infinity" : "-Infinity";
        if (value == 0)
            return double.IsNegative(value) ? "-0.0" : "0.0";
        string sign = value < 0 ? "-" : "";
        double abs = Math.Abs(value);
        string r = abs.ToString("R", CultureInfo.InvariantCulture);
        // .NET's "R" prints plainly throughout [1e-3, 1e7), as Java does.
        if (abs >= 1e-3 && abs < 1e7)
            return sign + (r.Contains('.') ? r : r + ".0");

        // Scientific: split .NET's shortest form into digits and a decimal exponent.
        int e = r.IndexOf('E');
        string mantissa = e < 0 ? r : r[..e];
        int exp = e < 0 ? 0 : int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int point = mantissa.IndexOf('.');
        string digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        int intDigits = point < 0 ? mantissa.Length : point;
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
            lead++;
        digits = digits[lead..].TrimEnd('0');
        if (digits.Length == 0)
            digits = "0";
        int exponent = intDigits - 1 - lead + exp;
        string fraction = digits.Length > 1 ? digits[1..] : "0";
        return sign + digits[0] + "." + fraction + "E" + exponent.ToString(CultureInfo.InvariantCulture);
    }
}

using System.Globalization;

namespace FastMesos.Apps.Validation;

/// <summary>Numeric range checks with Marathon's wording, shared by the validators.</summary>
internal static class Rules
{
    public static string Number(double value) => value.ToString("0.###############", CultureInfo.InvariantCulture);

    public static void AtLeast(ErrorCollector errors, string path, double value, double min)
    {
        if (!(value >= min))
            errors.Add(path, "must be greater than or equal to " + Number(min));
    }

    public static void AtMost(ErrorCollector errors, string path, double value, double max)
    {
        if (value > max)
            errors.Add(path, "is greater than " + Number(max));
    }

    /// <summary>Accord's <c>should be == 0.0</c>: <c>got 0.5, expected 0.0</c>.</summary>
    public static void EqualsZero(ErrorCollector errors, string path, double value)
    {
        if (value != 0)
            errors.Add(path, "got " + Scala(value) + ", expected 0.0");
    }

    /// <summary>Accord's <c>should be &lt; limit</c>: <c>got 10, expected less than 10</c>.</summary>
    public static void LessThan(ErrorCollector errors, string path, int value, int limit)
    {
        if (value >= limit)
            errors.Add(path, "got " + value.ToString(CultureInfo.InvariantCulture) + ", expected less than " + limit.ToString(CultureInfo.InvariantCulture));
    }

    // Scala prints doubles with at least one decimal (0.0, 1.5).
    private static string Scala(double value)
    {
        string s = value.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.') || s.Contains('E') ? s : s + ".0";
    }

    public static void Between(ErrorCollector errors, string path, double value, double min, double max)
    {
        AtLeast(errors, path, value, min);
        AtMost(errors, path, value, max);
    }

    /// <summary>The path of a rule about the whole object at <paramref name="prefix"/>: <c>/</c> at the top, else the prefix itself (<c>/apps(0)</c>).</summary>
    public static string Whole(string prefix) => prefix.Length == 0 ? "/" : prefix;

    public static string Index(string parent, int i) => parent + "(" + i.ToString(CultureInfo.InvariantCulture) + ")";
}

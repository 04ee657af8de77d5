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

    public static void Between(ErrorCollector errors, string path, double value, double min, double max)
    {
        AtLeast(errors, path, value, min);
        AtMost(errors, path, value, max);
    }

    public static string Index(string parent, int i) => parent + "(" + i.ToString(CultureInfo.InvariantCulture) + ")";
}

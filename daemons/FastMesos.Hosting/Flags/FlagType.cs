using System.Globalization;

namespace FastMesos.Hosting.Flags;

/// <summary>The flag value types Mesos daemons use, plus adapters for custom parsers.</summary>
public static class FlagType
{
    public static FlagType<string> String { get; } = new(static (string text, out string value, out string? error) =>
    {
        value = text;
        error = null;
        return true;
    }, static v => v);

    public static FlagType<int> Int { get; } = new(static (string text, out int value, out string? error) =>
    {
        bool ok = int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        error = ok ? null : "expected an integer";
        return ok;
    });

    public static FlagType<long> Long { get; } = new(static (string text, out long value, out string? error) =>
    {
        bool ok = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        error = ok ? null : "expected an integer";
        return ok;
    });

    public static FlagType<double> Double { get; } = new(static (string text, out double value, out string? error) =>
    {
        bool ok = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
        error = ok ? null : "expected a number";
        return ok;
    }, static v => v.ToString("G15", CultureInfo.InvariantCulture));

    /// <summary>stout accepts <c>true</c>/<c>false</c> and <c>1</c>/<c>0</c>.</summary>
    public static FlagType<bool> Bool { get; } = new(static (string text, out bool value, out string? error) =>
    {
        error = null;
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1")
            return value = true;
        value = false;
        if (text.Equals("false", StringComparison.OrdinalIgnoreCase) || text == "0")
            return true;
        error = "expected true or false";
        return false;
    }, static v => v ? "true" : "false", isBoolean: true);

    /// <summary>Mesos duration syntax, see <see cref="MesosDuration"/>.</summary>
    public static FlagType<TimeSpan> Duration { get; } = new(MesosDuration.TryParse, MesosDuration.Format);

    /// <summary>Mesos byte sizes as a byte count, see <see cref="MesosBytes"/>.</summary>
    public static FlagType<long> Bytes { get; } = new(MesosBytes.TryParse, MesosBytes.Format);

    /// <summary>A type from a non-throwing parser, e.g. <c>FlagType.Custom&lt;Resources&gt;(Resources.TryParse)</c>.</summary>
    public static FlagType<T> Custom<T>(FlagValueParser<T> parser, Func<T, string>? format = null) => new(parser, format);

    /// <summary>
    /// A type from a throwing parser, e.g. <c>Resources.Parse</c>. <see cref="FormatException"/>,
    /// <see cref="ArgumentException"/> and <see cref="OverflowException"/> become the flag's error
    /// message; any other exception is a bug in the parser and propagates.
    /// </summary>
    public static FlagType<T> FromParse<T>(Func<string, T> parse, Func<T, string>? format = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new FlagType<T>((string text, out T value, out string? error) =>
        {
            try
            {
                value = parse(text);
                error = null;
                return true;
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
            {
                value = default!;
                error = e.Message;
                return false;
            }
        }, format);
    }
}

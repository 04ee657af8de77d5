using System.Globalization;

namespace FastMesos.Hosting.Flags;

/// <summary>
/// How a flag's text becomes a value of <typeparamref name="T"/> and how a value is shown again
/// in usage text and the <c>/flags</c> endpoint. The built-in types are on <see cref="FlagType"/>.
/// </summary>
public sealed class FlagType<T>
{
    public FlagType(FlagValueParser<T> parser, Func<T, string>? format = null, bool isBoolean = false)
    {
        ArgumentNullException.ThrowIfNull(parser);
        Parser = parser;
        Formatter = format ?? (static v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "");
        IsBoolean = isBoolean;
    }

    public FlagValueParser<T> Parser { get; }

    public Func<T, string> Formatter { get; }

    /// <summary>Boolean flags take <c>--name</c> for true and <c>--no-name</c> for false.</summary>
    public bool IsBoolean { get; }
}

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FastMesos.Hosting.Metrics;

/// <summary>
/// The Prometheus text exposition format 0.0.4, shared by every daemon's <c>/metrics/prometheus</c>:
/// names are made legal (<c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>, so Mesos' <c>/</c> and Marathon's <c>.</c>
/// and <c>-</c> become <c>_</c>), each family gets one <c># TYPE</c> line, values are written in
/// invariant culture with Prometheus' spellings of the non-finite numbers.
/// </summary>
public static class PrometheusText
{
    /// <summary>The Content-Type Prometheus expects for this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Maps every character outside <c>[a-zA-Z0-9_:]</c> to <c>_</c>, and prefixes a leading digit with <c>_</c>.</summary>
    public static string Name(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        bool clean = name.Length > 0 && !char.IsAsciiDigit(name[0]);
        foreach (char c in name)
            clean &= IsLegal(c);
        if (clean)
            return name;
        var sb = new StringBuilder(name.Length + 1);
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
            sb.Append('_');
        foreach (char c in name)
            sb.Append(IsLegal(c) ? c : '_');
        return sb.ToString();
    }

    /// <summary>Appends <c># TYPE name type</c>; <paramref name="name"/> must already be legal.</summary>
    public static void AppendType(StringBuilder sb, string name, string type)
    {
        ArgumentNullException.ThrowIfNull(sb);
        sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    /// <summary>Appends one sample line <c>name{labels} value</c>; <paramref name="labels"/> is the text between the braces, or null.</summary>
    public static void AppendSample(StringBuilder sb, string name, string? labels, double value)
    {
        ArgumentNullException.ThrowIfNull(sb);
        sb.Append(name);
        if (labels is not null)
            sb.Append('{').Append(labels).Append('}');
        sb.Append(' ').Append(Value(value)).Append('\n');
    }

    /// <summary>A single-sample family: the TYPE line and the sample.</summary>
    public static void AppendMetric(StringBuilder sb, string name, string type, double value)
    {
        AppendType(sb, name, type);
        AppendSample(sb, name, null, value);
    }

    /// <summary>A number as Prometheus writes it: shortest round-trip form, <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>.</summary>
    public static string Value(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// Mesos' flat <c>/metrics/snapshot</c> object (name → number) as gauges, one family per name,
    /// in the snapshot's order. Non-numeric members are skipped: the snapshot holds numbers only,
    /// and a scrape must not fail over one odd value.
    /// </summary>
    public static string FromFlatSnapshot(ReadOnlySpan<byte> json)
    {
        var sb = new StringBuilder(json.Length * 2);
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new FormatException("a metrics snapshot is a JSON object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Number)
                AppendMetric(sb, Name(name), "gauge", reader.GetDouble());
            else
                reader.Skip();
        }
        return sb.ToString();
    }

    private static bool IsLegal(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';
}

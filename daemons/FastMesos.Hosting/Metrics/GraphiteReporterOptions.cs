using System.Globalization;

namespace FastMesos.Hosting.Metrics;

/// <summary>Where and how often a <see cref="GraphiteReporter"/> sends (Marathon's <c>--reporter_graphite</c>).</summary>
public sealed record GraphiteReporterOptions
{
    public required string Host { get; init; }

    public required int Port { get; init; }

    /// <summary>Put before every name with a dot (<c>prefix.name</c>); empty for none.</summary>
    public string Prefix { get; init; } = "";

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one report may take to connect and write before it is abandoned.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public Action<string>? Log { get; init; }

    /// <summary>
    /// Marathon's URL form <c>tcp://host:port?prefix=p&amp;interval=seconds</c> (interval defaults to
    /// 10). Throws <see cref="FormatException"/> saying what is wrong.
    /// </summary>
    public static GraphiteReporterOptions Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || uri.Scheme != "tcp")
            throw new FormatException($"'{url}' is not tcp://host:port?prefix=..&interval=seconds (only tcp is supported)");
        if (uri.Port < 1 || string.IsNullOrEmpty(uri.Host))
            throw new FormatException($"'{url}' needs a host and a port, e.g. tcp://localhost:2003");
        string prefix = "";
        int interval = 10;
        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            string key = eq < 0 ? pair : pair[..eq];
            string value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (key)
            {
                case "prefix":
                    prefix = value;
                    break;
                case "interval":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out interval) || interval < 1)
                        throw new FormatException($"'{url}': interval '{value}' is not a positive number of seconds");
                    break;
                default:
                    throw new FormatException($"'{url}': unknown parameter '{key}' (prefix and interval are known)");
            }
        }
        return new GraphiteReporterOptions
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.Port,
            Prefix = prefix,
            Interval = TimeSpan.FromSeconds(interval),
        };
    }
}

using System.Text;

namespace FastMesos.Hosting.Flags;

public sealed partial class FlagSet
{
    // stout pads the name column to the longest entry plus five spaces.
    private const int UsagePad = 5;

    /// <summary>
    /// Usage text in stout's layout: an optional message and a blank line, then
    /// <c>Usage: NAME [options]</c>, a blank line, and one line per flag sorted by name, e.g.
    /// <code>
    ///   --[no-]authenticate     Require authentication. (default: false)
    ///   --port=VALUE            Port to listen on. (default: 5050)
    /// </code>
    /// Multi-line help continues under the help column. A default is appended as
    /// <c>(default: …)</c>; a required flag says <c>(required)</c>.
    /// </summary>
    public string Usage(string? message = null)
    {
        var rows = new List<(string Name, string Left, string Help)>(_flags.Count + 1);
        foreach (Flag flag in _flags.Values)
            rows.Add((flag.Name, LeftColumn(flag.Name, flag.IsBoolean), HelpWithDefault(flag)));
        rows.Add((HelpName, LeftColumn(HelpName, isBoolean: true), "Prints this help message"));
        rows.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));

        int width = 0;
        foreach ((_, string left, _) in rows)
            width = Math.Max(width, left.Length);
        width += UsagePad;

        var sb = new StringBuilder();
        if (!string.IsNullOrEmpty(message))
            sb.Append(message).Append("\n\n");
        sb.Append("Usage: ").Append(ProgramName).Append(" [options]\n\n");
        foreach ((_, string left, string help) in rows)
        {
            sb.Append(left).Append(' ', width - left.Length);
            string[] lines = help.Split('\n');
            sb.Append(lines[0].TrimEnd('\r')).Append('\n');
            for (int i = 1; i < lines.Length; i++)
                sb.Append(' ', width).Append(lines[i].TrimEnd('\r')).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// The daemon's whole flag step: parses, and when the daemon should not run, reports as Mesos
    /// does and gives the exit code. <c>--help</c> writes <see cref="Usage"/> to
    /// <paramref name="stdout"/> (exit 0); an error writes <c>Usage(error)</c> to
    /// <paramref name="stderr"/> (exit 1). Returns true when the flags are good:
    /// <code>if (!flags.TryParseOrReport(args, out int exitCode)) return exitCode;</code>
    /// </summary>
    public bool TryParseOrReport(IReadOnlyList<string> args, out int exitCode,
        TextWriter? stdout = null, TextWriter? stderr = null, Func<string, string?>? environment = null)
    {
        FlagParseResult result = Parse(args, environment);
        if (result.HelpRequested)
        {
            (stdout ?? Console.Out).Write(Usage());
            exitCode = 0;
            return false;
        }
        // Daemons take flags only; a stray word is almost always a flag missing its dashes.
        string? error = result.Error ?? (result.Positional.Count > 0
            ? $"Unexpected argument '{result.Positional[0]}' (flags take the form --name=value)"
            : null);
        if (error is not null)
        {
            (stderr ?? Console.Error).Write(Usage(error));
            exitCode = 1;
            return false;
        }
        exitCode = 0;
        return true;
    }

    private static string LeftColumn(string name, bool isBoolean) =>
        isBoolean ? "  --[no-]" + name : "  --" + name + "=VALUE";

    private static string HelpWithDefault(Flag flag)
    {
        string help = flag.Help;
        string? suffix = flag.FormattedDefault is { } d ? "(default: " + d + ")" : flag.IsRequired ? "(required)" : null;
        if (suffix is null)
            return help;
        // stout puts the default on its own line when the help already ends with a line break.
        if (help.Length == 0 || help.EndsWith('\n'))
            return help + suffix;
        return help + " " + suffix;
    }
}

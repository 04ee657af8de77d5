namespace FastMesos.Hosting.Flags;

/// <summary>
/// What every daemon does with its command line: parse the flags; on <c>--help</c> print the usage
/// to stdout and exit 0; on a bad flag or a stray argument print the reason and the usage to
/// stderr and exit 1 (Mesos' daemons do the same).
/// </summary>
public static class CommandLine
{
    /// <summary>
    /// True when the daemon should go on with <paramref name="result"/>; otherwise it should exit
    /// with <paramref name="exitCode"/> (the message is already printed).
    /// </summary>
    public static bool TryParse(FlagSet flags, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr,
        out FlagParseResult result, out int exitCode, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        result = flags.Parse(args, environment);
        if (result.HelpRequested)
        {
            stdout.Write(flags.Usage());
            exitCode = 0;
            return false;
        }

        string? error = result.Error;
        if (error is null && result.Positional.Count > 0)
            error = $"Unexpected argument '{result.Positional[0]}' (flags take the form --name=value)";
        if (error is not null)
        {
            stderr.Write(flags.Usage(error));
            exitCode = 1;
            return false;
        }

        exitCode = 0;
        return true;
    }

    /// <summary>
    /// A flag value that may name a file as Mesos' flags do: <c>file:///path</c> (or an absolute
    /// path for flags documented as paths) is replaced by the file's contents.
    /// </summary>
    public static string ReadValueOrFile(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        const string scheme = "file://";
        if (!value.StartsWith(scheme, StringComparison.Ordinal))
            return value;
        string path = value[scheme.Length..];
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"cannot read '{path}': {e.Message}", e);
        }
    }
}

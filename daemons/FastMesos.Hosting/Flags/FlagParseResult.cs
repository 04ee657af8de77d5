namespace FastMesos.Hosting.Flags;

/// <summary>
/// The outcome of <see cref="FlagSet.Parse"/>: success, a user error with a Mesos-style message,
/// or a request for help. User errors never throw; the daemon prints
/// <c>flags.Usage(result.Error)</c> to stderr and exits 1.
/// </summary>
public sealed class FlagParseResult
{
    private readonly FlagSet _set;

    internal FlagParseResult(FlagSet set, string? error, bool helpRequested, IReadOnlyList<string> positional)
    {
        _set = set;
        Error = error;
        HelpRequested = helpRequested;
        Positional = positional;
    }

    /// <summary>True when every flag loaded and every required flag has a value.</summary>
    public bool Success => Error is null;

    /// <summary>The first error, e.g. <c>Failed to load unknown flag 'xyz'</c>; null on success.</summary>
    public string? Error { get; }

    /// <summary>
    /// <c>--help</c> was given. It wins over errors: the daemon prints <see cref="FlagSet.Usage"/>
    /// to stdout and exits 0, whatever else was on the line.
    /// </summary>
    public bool HelpRequested { get; }

    /// <summary>Arguments that are not flags, in order (including everything after <c>--</c>).</summary>
    public IReadOnlyList<string> Positional { get; }

    /// <summary>The value of <paramref name="flag"/>; throws if the parse failed or the flag is from another set.</summary>
    public T Get<T>(Flag<T> flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        if (!Success)
            throw new InvalidOperationException($"Flags failed to parse: {Error}");
        if (!_set.Contains(flag))
            throw new ArgumentException($"Flag '{flag.Name}' is not declared in this flag set", nameof(flag));
        return flag.Value;
    }
}

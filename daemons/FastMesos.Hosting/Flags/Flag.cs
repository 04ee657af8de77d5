namespace FastMesos.Hosting.Flags;

/// <summary>
/// One declared flag of a <see cref="FlagSet"/>, untyped: what usage text, the <c>/flags</c>
/// endpoint and the parser need. Daemons hold the typed <see cref="Flag{T}"/> returned by the
/// <c>FlagSet.Add…</c> methods and read <see cref="Flag{T}.Value"/> after a successful parse.
/// </summary>
public abstract class Flag
{
    private protected Flag(string name, string help, bool isRequired)
    {
        Name = name;
        Help = help;
        IsRequired = isRequired;
    }

    /// <summary>The name as written after <c>--</c>, with underscores (<c>work_dir</c>).</summary>
    public string Name { get; }

    public string Help { get; }

    public bool IsRequired { get; }

    /// <summary>Where the current value came from; <see cref="FlagSource.None"/> means no value.</summary>
    public FlagSource Source { get; private protected set; }

    /// <summary>True when the flag has a value (given, from the environment, or a default).</summary>
    public bool HasValue => Source != FlagSource.None;

    /// <summary>True when the user gave the flag (command line or environment), not the default.</summary>
    public bool IsSet => Source is FlagSource.CommandLine or FlagSource.Environment;

    public abstract bool IsBoolean { get; }

    /// <summary>The current value as text, or null when there is none.</summary>
    public abstract string? FormattedValue { get; }

    /// <summary>The default as text, or null when the flag has no default.</summary>
    public abstract string? FormattedDefault { get; }

    /// <summary>Back to the declared default (or no value); called at the start of every parse.</summary>
    internal abstract void Reset();

    internal abstract bool TryLoad(string text, FlagSource source, out string? error);
}

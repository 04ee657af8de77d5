using System.Text.RegularExpressions;

namespace FastMesos.Hosting.Flags;

/// <summary>
/// A daemon's flags, parsed the way Mesos (stout <c>FlagsBase</c>) parses them:
/// <list type="bullet">
/// <item><c>--name=value</c> and <c>--name value</c>; <c>--name</c> alone is true and <c>--no-name</c>
/// is false for boolean flags; dashes in a name may stand for underscores (<c>--work-dir</c>).</item>
/// <item>A flag not on the command line is read from <c>FASTMESOS_NAME</c>, then <c>MESOS_NAME</c>
/// (the name upper-cased); the command line wins over the environment, which wins over the default.</item>
/// <item><c>--help</c> is built in. Arguments that do not start with <c>--</c>, and all after
/// <c>--</c>, are positional.</item>
/// </list>
/// Declaring a flag twice or with a bad name is a programming error and throws; everything the
/// user can get wrong comes back in <see cref="FlagParseResult"/>.
/// </summary>
public sealed partial class FlagSet
{
    /// <summary>The environment-variable prefixes, most specific first.</summary>
    public static readonly IReadOnlyList<string> EnvironmentPrefixes = ["FASTMESOS_", "MESOS_"];

    private const string HelpName = "help";

    private readonly Dictionary<string, Flag> _flags = new(StringComparer.Ordinal);

    public FlagSet(string programName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(programName);
        ProgramName = programName;
    }

    public string ProgramName { get; }

    /// <summary>The declared flags, sorted by name (the order of usage text and <see cref="Values"/>).</summary>
    public IReadOnlyList<Flag> Flags
    {
        get
        {
            var list = new List<Flag>(_flags.Values);
            list.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            return list;
        }
    }

    /// <summary>
    /// Every flag that has a value, name → value as text, sorted by name: what Mesos' <c>/flags</c>
    /// endpoint shows (flags with neither a default nor a given value are left out).
    /// </summary>
    public IReadOnlyDictionary<string, string> Values
    {
        get
        {
            var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (Flag flag in _flags.Values)
            {
                if (flag.FormattedValue is { } text)
                    values[flag.Name] = text;
            }
            return values;
        }
    }

    public Flag<string> AddString(string name, string help, string defaultValue) => Add(name, help, FlagType.String, defaultValue);

    public Flag<int> AddInt(string name, string help, int defaultValue) => Add(name, help, FlagType.Int, defaultValue);

    public Flag<long> AddLong(string name, string help, long defaultValue) => Add(name, help, FlagType.Long, defaultValue);

    public Flag<double> AddDouble(string name, string help, double defaultValue) => Add(name, help, FlagType.Double, defaultValue);

    public Flag<bool> AddBool(string name, string help, bool defaultValue) => Add(name, help, FlagType.Bool, defaultValue);

    /// <summary>A duration in Mesos syntax (<c>5secs</c>, <c>1mins</c>).</summary>
    public Flag<TimeSpan> AddDuration(string name, string help, TimeSpan defaultValue) => Add(name, help, FlagType.Duration, defaultValue);

    /// <summary>A byte size in Mesos syntax (<c>32MB</c>, <c>1GB</c>), as a byte count.</summary>
    public Flag<long> AddBytes(string name, string help, long defaultValue) => Add(name, help, FlagType.Bytes, defaultValue);

    /// <summary>A flag with a default.</summary>
    public Flag<T> Add<T>(string name, string help, FlagType<T> type, T defaultValue) =>
        Declare(new Flag<T>(name, help, CheckType(type), hasDefault: true, defaultValue, isRequired: false));

    /// <summary>A flag without a default that the user must give; parsing fails without it.</summary>
    public Flag<T> AddRequired<T>(string name, string help, FlagType<T> type) =>
        Declare(new Flag<T>(name, help, CheckType(type), hasDefault: false, default!, isRequired: true));

    /// <summary>A flag without a default that may be left out; check <see cref="Flag.HasValue"/>.</summary>
    public Flag<T> AddOptional<T>(string name, string help, FlagType<T> type) =>
        Declare(new Flag<T>(name, help, CheckType(type), hasDefault: false, default!, isRequired: false));

    internal bool Contains(Flag flag) => _flags.TryGetValue(flag.Name, out Flag? own) && ReferenceEquals(own, flag);

    /// <summary>
    /// Parses <paramref name="args"/>, then the environment for flags not given. Resets every flag
    /// first, so a set can be parsed again. <paramref name="environment"/> looks up a variable
    /// (default: the process environment); tests pass a dictionary lookup.
    /// </summary>
    public FlagParseResult Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        environment ??= Environment.GetEnvironmentVariable;
        foreach (Flag flag in _flags.Values)
            flag.Reset();

        var positional = new List<string>();
        var given = new HashSet<string>(StringComparer.Ordinal);
        bool help = false;
        string? error = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                for (i++; i < args.Count; i++)
                    positional.Add(args[i]);
                break;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                positional.Add(arg);
                continue;
            }
            int eq = arg.IndexOf('=');
            string key = eq < 0 ? arg[2..] : arg[2..eq];
            string? inline = eq < 0 ? null : arg[(eq + 1)..];
            // The first error is the one reported, but help is looked for on the whole line.
            if (error is null)
                error = LoadFromCommandLine(args, ref i, key, inline, given, ref help);
            else if (Normalize(key) == HelpName && inline is null or "true" or "1")
                help = true;
        }
        error ??= LoadFromEnvironment(environment, given);
        error ??= CheckRequired();
        return new FlagParseResult(this, error, help, positional);
    }

    private string? LoadFromCommandLine(IReadOnlyList<string> args, ref int i, string key, string? inline, HashSet<string> given, ref bool help)
    {
        string name = Normalize(key);
        if (name == HelpName)
        {
            if (inline is not null && !FlagType.Bool.Parser(inline, out help, out _))
                return $"Failed to load flag '{HelpName}': Failed to load value '{inline}': expected true or false";
            help = inline is null || help;
            return null;
        }
        if (_flags.TryGetValue(name, out Flag? flag))
        {
            if (!given.Add(name))
                return $"Duplicate flag '{name}' on command line";
            string? text = inline;
            if (text is null && flag.IsBoolean)
                text = "true";
            // `--name value`: the next argument is the value unless it is itself a flag.
            if (text is null && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                text = args[++i];
            if (text is null)
                return $"Failed to load flag '{name}': missing value (use --{name}=VALUE)";
            return flag.TryLoad(text, FlagSource.CommandLine, out string? reason)
                ? null
                : $"Failed to load flag '{name}': Failed to load value '{text}': {reason}";
        }
        if ((key.StartsWith("no-", StringComparison.Ordinal) || key.StartsWith("no_", StringComparison.Ordinal))
            && _flags.TryGetValue(Normalize(key[3..]), out flag))
        {
            if (!flag.IsBoolean)
                return $"Failed to load non-boolean flag '{flag.Name}' via '{key}'";
            if (inline is not null)
                return $"Failed to load boolean flag '{flag.Name}' via '{key}' with value '{inline}'";
            if (!given.Add(flag.Name))
                return $"Duplicate flag '{flag.Name}' on command line";
            flag.TryLoad("false", FlagSource.CommandLine, out _);
            return null;
        }
        return $"Failed to load unknown flag '{key}'";
    }

    private string? LoadFromEnvironment(Func<string, string?> environment, HashSet<string> given)
    {
        foreach (Flag flag in Flags)
        {
            if (given.Contains(flag.Name))
                continue;
            foreach (string prefix in EnvironmentPrefixes)
            {
                string variable = prefix + flag.Name.ToUpperInvariant();
                string? text = environment(variable);
                if (text is null)
                    continue;
                // An empty boolean variable reads as true, like a bare `--name`.
                if (text.Length == 0 && flag.IsBoolean)
                    text = "true";
                if (!flag.TryLoad(text, FlagSource.Environment, out string? reason))
                    return $"Failed to load flag '{flag.Name}' from environment variable '{variable}': Failed to load value '{text}': {reason}";
                break;
            }
        }
        return null;
    }

    private string? CheckRequired()
    {
        foreach (Flag flag in Flags)
        {
            if (flag.IsRequired && !flag.HasValue)
                return $"Flag '{flag.Name}' is required, but it was not provided";
        }
        return null;
    }

    private Flag<T> Declare<T>(Flag<T> flag)
    {
        if (!ValidName().IsMatch(flag.Name))
            throw new ArgumentException($"Flag name '{flag.Name}' must be lower-case letters, digits and underscores, starting with a letter", nameof(flag));
        if (flag.Name == HelpName || flag.Name.StartsWith("no_", StringComparison.Ordinal))
            throw new ArgumentException($"Flag name '{flag.Name}' is reserved", nameof(flag));
        if (!_flags.TryAdd(flag.Name, flag))
            throw new ArgumentException($"Flag '{flag.Name}' is declared twice", nameof(flag));
        ArgumentNullException.ThrowIfNull(flag.Help);
        return flag;
    }

    private static FlagType<T> CheckType<T>(FlagType<T> type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type;
    }

    private static string Normalize(string key) => key.Replace('-', '_');

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex ValidName();
}

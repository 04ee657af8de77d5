using System.Globalization;

namespace FastMesos.Simulator;

/// <summary>
/// A small flag parser for the simulator: <c>--name value</c>, <c>--name=value</c> and boolean
/// <c>--flag</c>. Unknown flags and bad values are errors that name the flag, never silently ignored.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public CommandLine(IReadOnlyList<string> args, IReadOnlySet<string> booleans)
    {
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a.Length == 2)
                throw new UsageException($"unexpected argument '{a}'");
            string name = a[2..];
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (!booleans.Contains(name))
            {
                if (i + 1 >= args.Count)
                    throw new UsageException($"--{name} needs a value");
                value = args[++i];
            }
            _values[name] = value;
        }
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        if (!_values.TryGetValue(name, out string? v))
            return false;
        return v is null || v is "true" or "1" ? true : v is "false" or "0" ? false : throw new UsageException($"--{name} takes true or false, not '{v}'");
    }

    /// <summary>True when --<paramref name="name"/> was given (it counts as used).</summary>
    public bool Has(string name)
    {
        _used.Add(name);
        return _values.ContainsKey(name);
    }

    public int Int(string name, int fallback, int min, int max)
    {
        _used.Add(name);
        if (!_values.TryGetValue(name, out string? v))
            return fallback;
        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
            throw new UsageException($"--{name} must be an integer from {min} to {max}, not '{v}'");
        return n;
    }

    /// <summary>The value of --<paramref name="name"/>, or <paramref name="fallback"/>; an empty value is an error.</summary>
    public string Text(string name, string fallback = "")
    {
        _used.Add(name);
        if (!_values.TryGetValue(name, out string? v))
            return fallback;
        return string.IsNullOrEmpty(v) ? throw new UsageException($"--{name} needs a value") : v;
    }

    public string Choice(string name, string fallback, params string[] choices)
    {
        _used.Add(name);
        if (!_values.TryGetValue(name, out string? v))
            return fallback;
        if (Array.IndexOf(choices, v) < 0)
            throw new UsageException($"--{name} must be one of {string.Join(", ", choices)}, not '{v}'");
        return v!;
    }

    /// <summary>Fails on any flag no one asked about (a typo must not pass silently).</summary>
    public void RejectUnknown()
    {
        foreach (string name in _values.Keys)
        {
            if (!_used.Contains(name))
                throw new UsageException($"unknown flag --{name}");
        }
    }
}

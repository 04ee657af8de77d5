namespace FastMesos.Hosting.Flags;

/// <summary>A typed flag. <see cref="Value"/> is meaningful after a successful <see cref="FlagSet.Parse"/>.</summary>
public sealed class Flag<T> : Flag
{
    private readonly FlagType<T> _type;
    private readonly bool _hasDefault;
    private readonly T _default;
    private T _value;

    internal Flag(string name, string help, FlagType<T> type, bool hasDefault, T defaultValue, bool isRequired)
        : base(name, help, isRequired)
    {
        _type = type;
        _hasDefault = hasDefault;
        _default = defaultValue;
        _value = defaultValue;
        Source = hasDefault ? FlagSource.Default : FlagSource.None;
    }

    /// <summary>
    /// The parsed value, or the default. For an optional flag without a default that was not
    /// given, this is <c>default(T)</c>: check <see cref="Flag.HasValue"/> first.
    /// </summary>
    public T Value => _value;

    public override bool IsBoolean => _type.IsBoolean;

    public override string? FormattedValue => HasValue ? _type.Formatter(_value) : null;

    public override string? FormattedDefault => _hasDefault ? _type.Formatter(_default) : null;

    /// <summary>The value when given, else <paramref name="fallback"/>.</summary>
    public T GetValueOrDefault(T fallback) => HasValue ? _value : fallback;

    internal override void Reset()
    {
        _value = _default;
        Source = _hasDefault ? FlagSource.Default : FlagSource.None;
    }

    internal override bool TryLoad(string text, FlagSource source, out string? error)
    {
        if (!_type.Parser(text, out T value, out error))
        {
            error ??= "invalid value";
            return false;
        }
        _value = value;
        Source = source;
        return true;
    }
}

namespace FastMesos.Apps.Matching;

/// <summary>
/// For one constraint of one app: how many placed instances have each field value, and how many
/// sit on agents without the field. Lookups take a span, so asking about an offer's value allocates
/// nothing; only a value seen for the first time allocates its key.
/// Invariant: every stored count is ≥ 1 (a value whose last instance left is removed).
/// </summary>
public sealed class ValueCounter
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public ValueCounter() => _bySpan = _counts.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Distinct values among placed instances (instances on agents without the field excluded).</summary>
    public int DistinctValues => _counts.Count;

    /// <summary>Placed instances on agents that lack the field.</summary>
    public int Missing { get; private set; }

    /// <summary>Placed instances whose field is <paramref name="value"/>.</summary>
    public int CountOf(ReadOnlySpan<char> value) => _bySpan.TryGetValue(value, out int n) ? n : 0;

    /// <summary>The smallest per-value count, counting the agents without the field as one group (Marathon groups by Option).</summary>
    public int MinGroupCount(ReadOnlySpan<char> extraValue, int extra)
    {
        int min = Missing > 0 ? Missing : int.MaxValue;
        foreach (KeyValuePair<string, int> kv in _counts)
        {
            int n = kv.Value;
            if (extra > 0 && extraValue.SequenceEqual(kv.Key))
                n += extra;
            if (n < min)
                min = n;
        }
        return min == int.MaxValue ? 0 : min;
    }

    /// <summary>The single value every placed instance with the field has, when there is exactly one.</summary>
    public bool TryGetOnlyValue(out string? value)
    {
        value = null;
        if (_counts.Count != 1)
            return false;
        foreach (KeyValuePair<string, int> kv in _counts)
            value = kv.Key;
        return true;
    }

    /// <summary>Counts one more instance with <paramref name="value"/>; <paramref name="source"/> supplies the key string when the value is new.</summary>
    internal void Add(bool present, ReadOnlySpan<char> value, FieldValues source, int index)
    {
        if (!present)
        {
            Missing++;
            return;
        }
        if (_bySpan.TryGetValue(value, out int n))
            _bySpan[value] = n + 1;
        else
            _counts[source.GetString(index)] = 1;
    }

    /// <summary>Forgets one instance with <paramref name="value"/>; false when none was counted.</summary>
    internal bool Remove(bool present, ReadOnlySpan<char> value)
    {
        if (!present)
        {
            if (Missing == 0)
                return false;
            Missing--;
            return true;
        }
        if (!_bySpan.TryGetValue(value, out int n))
            return false;
        if (n == 1)
            _bySpan.Remove(value);
        else
            _bySpan[value] = n - 1;
        return true;
    }
}

using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace FastMesos.Apps.Model;

/// <summary>
/// An immutable string-keyed map that keeps insertion order (JSON is written back in the order it
/// was sent) and compares by content regardless of order.
/// </summary>
public sealed class ValueMap<TValue> : IReadOnlyDictionary<string, TValue>, IEquatable<ValueMap<TValue>>
{
    public static readonly ValueMap<TValue> Empty = new([], new Dictionary<string, TValue>(StringComparer.Ordinal));

    private readonly string[] keys;
    private readonly Dictionary<string, TValue> map;

    private ValueMap(string[] keys, Dictionary<string, TValue> map)
    {
        this.keys = keys;
        this.map = map;
    }

    /// <summary>The map as a ValueMap: the same instance when it already is one, else a copy.</summary>
    public static ValueMap<TValue> Of(IReadOnlyDictionary<string, TValue> source)
    {
        if (source is ValueMap<TValue> v)
            return v;
        if (source.Count == 0)
            return Empty;
        var keys = new string[source.Count];
        var map = new Dictionary<string, TValue>(source.Count, StringComparer.Ordinal);
        int i = 0;
        foreach (KeyValuePair<string, TValue> kv in source)
        {
            keys[i++] = kv.Key;
            map[kv.Key] = kv.Value;
        }
        return new ValueMap<TValue>(keys, map);
    }

    /// <summary>Builds from ordered pairs; a repeated key keeps its first position and last value.</summary>
    public static ValueMap<TValue> FromPairs(IReadOnlyList<KeyValuePair<string, TValue>> pairs)
    {
        if (pairs.Count == 0)
            return Empty;
        var keys = new List<string>(pairs.Count);
        var map = new Dictionary<string, TValue>(pairs.Count, StringComparer.Ordinal);
        foreach (KeyValuePair<string, TValue> kv in pairs)
        {
            if (!map.ContainsKey(kv.Key))
                keys.Add(kv.Key);
            map[kv.Key] = kv.Value;
        }
        return new ValueMap<TValue>(keys.ToArray(), map);
    }

    public TValue this[string key] => map[key];

    public IEnumerable<string> Keys => keys;

    public IEnumerable<TValue> Values
    {
        get
        {
            foreach (string k in keys)
                yield return map[k];
        }
    }

    public int Count => keys.Length;

    public bool ContainsKey(string key) => map.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value) => map.TryGetValue(key, out value);

    public bool Equals(ValueMap<TValue>? other)
    {
        if (other is null || other.keys.Length != keys.Length)
            return false;
        EqualityComparer<TValue> eq = EqualityComparer<TValue>.Default;
        foreach (KeyValuePair<string, TValue> kv in map)
        {
            if (!other.map.TryGetValue(kv.Key, out TValue? theirs) || !eq.Equals(kv.Value, theirs))
                return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is ValueMap<TValue> other && Equals(other);

    // Order-independent, like Equals.
    public override int GetHashCode()
    {
        int hash = keys.Length;
        foreach (KeyValuePair<string, TValue> kv in map)
            hash ^= HashCode.Combine(kv.Key, kv.Value);
        return hash;
    }

    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator()
    {
        foreach (string k in keys)
            yield return new KeyValuePair<string, TValue>(k, map[k]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

using System.Collections;

namespace FastMesos.Apps.Model;

/// <summary>
/// An immutable list with structural equality, so that records holding lists compare by content
/// (a JSON round trip must give an equal <see cref="AppDefinition"/>). Model setters wrap whatever
/// list they are given with <see cref="Of"/>.
/// </summary>
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    public static readonly ValueList<T> Empty = new([]);

    private readonly T[] items;

    private ValueList(T[] items) => this.items = items;

    /// <summary>The list as a ValueList: the same instance when it already is one, else a copy.</summary>
    public static ValueList<T> Of(IReadOnlyList<T> source)
    {
        if (source is ValueList<T> v)
            return v;
        if (source.Count == 0)
            return Empty;
        var copy = new T[source.Count];
        for (int i = 0; i < copy.Length; i++)
            copy[i] = source[i];
        return new ValueList<T>(copy);
    }

    /// <summary>Null stays null (an absent optional list); anything else becomes a ValueList.</summary>
    public static ValueList<T>? OfNullable(IReadOnlyList<T>? source) => source is null ? null : Of(source);

    public T this[int index] => items[index];

    public int Count => items.Length;

    public bool Equals(ValueList<T>? other)
    {
        if (other is null || other.items.Length != items.Length)
            return false;
        EqualityComparer<T> eq = EqualityComparer<T>.Default;
        for (int i = 0; i < items.Length; i++)
        {
            if (!eq.Equals(items[i], other.items[i]))
                return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is ValueList<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (T item in items)
            hash.Add(item);
        return hash.ToHashCode();
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => items.GetEnumerator();

    public override string ToString() => "[" + string.Join(", ", items) + "]";
}

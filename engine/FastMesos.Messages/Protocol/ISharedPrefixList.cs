namespace FastMesos.Messages;

/// <summary>
/// A list whose first items are an array many such lists share (the same array instance), followed
/// by items of its own: a Marathon task's environment is its app version's variables, the same for
/// every task of that version, then the task's ports, host and id. A codec may encode
/// <see cref="SharedPrefix"/> once per array and copy those bytes into every list that shares it.
/// <para>Invariant: <c>this[i]</c> is <c>SharedPrefix[i]</c> for every i below its length, and the
/// array is never mutated once a list shares it.</para>
/// </summary>
public interface ISharedPrefixList<T> : IReadOnlyList<T>
{
    /// <summary>The shared first items; never mutated.</summary>
    T[] SharedPrefix { get; }
}

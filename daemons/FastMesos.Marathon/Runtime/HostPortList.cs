using System.Collections;
using System.Runtime.CompilerServices;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// The host ports of an instance's task, in port-definition order, without an array for the
/// common case: most apps have one port definition (Marathon's default), and a million instances
/// each holding a 32-byte <c>int[1]</c> were 32 MB more heap for the collector to promote and this
/// VM to fault in (perf-reports/2026-12-07-compact-instances/). One port is kept inline; two or
/// more in an array this list owns.
/// <para>Invariant: <c>_many</c> is null or holds the ports the inline form cannot (two or more, or
/// a lone -1); without it <c>_single</c> is the one port plus one, or 0 for none (so a port of 0
/// stays a port).</para>
/// <para>A collection expression builds one (<c>instance.HostPorts = [31000, 31001]</c>).</para>
/// </summary>
[CollectionBuilder(typeof(HostPortList), nameof(Of))]
public readonly struct HostPortList : IReadOnlyList<int>
{
    private readonly int _single;
    private readonly int[]? _many;

    /// <summary>Rebuilds a list from its two fields (<see cref="Single"/>, <see cref="Many"/>), which an owner may keep apart.</summary>
    internal HostPortList(int single, int[]? many)
    {
        _single = single;
        _many = many;
    }

    /// <summary>The one port plus one, 0 for none; meaningless when <see cref="Many"/> is set.</summary>
    internal int Single => _single;

    /// <summary>Two or more ports, or null.</summary>
    internal int[]? Many => _many;

    /// <summary>Ports a caller gathers on the stack before <see cref="Of"/> copies them; more take an array.</summary>
    internal const int MaxStackPorts = 16;

    /// <summary>No host ports (a scheduled instance, or an app without port definitions).</summary>
    public static HostPortList None => default;

    /// <summary>The ports in order, copied: one kept inline, more in an array of their own.</summary>
    public static HostPortList Of(ReadOnlySpan<int> ports) => ports.Length switch
    {
        0 => default,
        1 when ports[0] != -1 => new HostPortList(ports[0] + 1, null),
        _ => new HostPortList(0, ports.ToArray()),
    };

    public int Count => _many?.Length ?? (_single == 0 ? 0 : 1);

    public int this[int index]
    {
        get
        {
            if (_many is not null)
            {
                if ((uint)index >= (uint)_many.Length)
                    ThrowIndex(index);
                return _many[index];
            }
            if (_single == 0 || index != 0)
                ThrowIndex(index);
            return _single - 1;
        }
    }

    /// <summary>Enumerates without boxing (the JSON writers' <c>foreach</c>).</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<int> IEnumerable<int>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowIndex(int index) => throw new ArgumentOutOfRangeException(nameof(index), index, "no host port at that index");

    /// <summary>The enumerator of <see cref="HostPortList"/>: a struct, so a <c>foreach</c> allocates nothing.</summary>
    public struct Enumerator : IEnumerator<int>
    {
        private readonly HostPortList _list;
        private int _index;

        internal Enumerator(HostPortList list)
        {
            _list = list;
            _index = -1;
        }

        public readonly int Current => _list[_index];

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => ++_index < _list.Count;

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }
}

using FastMesos.Messages;

namespace FastMesos.Master.Http;

/// <summary>
/// The sum of many tasks' resources (an agent's or a framework's <c>used_resources</c>) equal to
/// folding them with <see cref="Resources"/>' <c>+</c>, without the new <see cref="Resources"/> and
/// <see cref="Resource"/> objects each <c>+</c> makes: scalars are summed in place and the result is
/// built once. Resources with ranges or sets (rare on tasks) fall back to <c>+</c>.
/// </summary>
internal sealed class ResourceSum
{
    private readonly List<Resource> _kinds = [];
    private readonly List<long> _milli = [];
    private Resources? _first;
    private Resources? _folded;

    public void Add(Resources resources)
    {
        if (resources.IsEmpty)
            return;
        if (_folded is not null)
        {
            _folded += resources;
            return;
        }

        if (_first is null && _kinds.Count == 0)
        {
            // Empty + b is b itself, entries and all.
            _first = resources;
            return;
        }

        if (!AllScalar(resources) || (_first is not null && !AllScalar(_first)))
        {
            _folded = ToResources() + resources;
            Clear(keepFolded: true);
            return;
        }

        if (_first is not null)
        {
            for (int i = 0; i < _first.Count; i++)
            {
                _kinds.Add(_first[i]);
                _milli.Add(_first[i].Scalar.Milli);
            }

            _first = null;
        }

        for (int i = 0; i < resources.Count; i++)
        {
            Resource r = resources[i];
            if (r.IsEmpty)
                continue;
            int at = IndexOfKind(r);
            if (at < 0)
            {
                _kinds.Add(r);
                _milli.Add(r.Scalar.Milli);
            }
            else
            {
                _milli[at] += r.Scalar.Milli;
            }
        }
    }

    /// <summary>
    /// The sum when it is already one <see cref="Resources"/> (a single addend, or one with ranges or
    /// sets folded with <c>+</c>); null when it is the scalar kinds summed in place, which
    /// <see cref="TryGetMerged"/> reads without building anything.
    /// </summary>
    public Resources? Whole => _folded ?? _first ?? (_kinds.Count == 0 ? Resources.Empty : null);

    /// <summary>Scalar kinds summed in place (when <see cref="Whole"/> is null); the range of <see cref="TryGetMerged"/>'s index.</summary>
    public int KindCount => _kinds.Count;

    /// <summary>
    /// The <paramref name="kind"/>th entry of Mesos' model of the sum: the first kind of each name
    /// gives the name and every kind of that name summed (reservations of one name are merged, as
    /// <see cref="FastMesos.Hosting.Json.MesosJson.WriteResources(System.Text.Json.Utf8JsonWriter, string, Resources)"/>
    /// merges them); false for a later kind of a name already given. Written in index order this
    /// is byte for byte the document of <see cref="Take"/>'s result, without its objects (an agent's
    /// <c>used_resources</c>: 10,000 per state document).
    /// </summary>
    public bool TryGetMerged(int kind, out string name, out long milli)
    {
        name = _kinds[kind].Name;
        milli = 0;
        for (int i = 0; i < kind; i++)
        {
            if (string.Equals(_kinds[i].Name, name, StringComparison.Ordinal))
                return false;
        }

        for (int i = kind; i < _kinds.Count; i++)
        {
            if (string.Equals(_kinds[i].Name, name, StringComparison.Ordinal))
                milli += _milli[i];
        }

        return true;
    }

    /// <summary>Empties the accumulator without building the sum.</summary>
    public void Reset() => Clear(keepFolded: false);

    /// <summary>The sum; the accumulator is empty again afterwards.</summary>
    public Resources Take()
    {
        Resources sum = ToResources();
        Clear(keepFolded: false);
        return sum;
    }

    private Resources ToResources()
    {
        if (_folded is not null)
            return _folded;
        if (_first is not null)
            return _first;
        if (_kinds.Count == 0)
            return Resources.Empty;
        var items = new Resource[_kinds.Count];
        for (int i = 0; i < items.Length; i++)
        {
            Resource kind = _kinds[i];
            items[i] = kind.Scalar.Milli == _milli[i]
                ? kind
                : Resource.CreateScalar(kind.Name, new Scalar(_milli[i]), kind.Role, kind.Reservation, kind.Principal);
        }

        return Resources.From(items);
    }

    private void Clear(bool keepFolded)
    {
        _kinds.Clear();
        _milli.Clear();
        _first = null;
        if (!keepFolded)
            _folded = null;
    }

    private int IndexOfKind(Resource r)
    {
        for (int i = 0; i < _kinds.Count; i++)
        {
            if (_kinds[i].SameKind(r))
                return i;
        }

        return -1;
    }

    private static bool AllScalar(Resources resources)
    {
        for (int i = 0; i < resources.Count; i++)
        {
            if (resources[i].Type != ResourceType.Scalar)
                return false;
        }

        return true;
    }
}

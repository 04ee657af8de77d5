namespace FastMesos.Engine;

/// <summary>
/// Maps resource names to dense kind indexes. Scalars (cpus, mem, disk, gpus, then any named
/// scalar in order of first sight) index the engine's fixed-point vectors; ranges (ports first)
/// and sets index <see cref="RangeSet"/> slots. Set items are interned to integers so a set is a
/// <see cref="RangeSet"/> of item ids and shares its arithmetic.
/// Invariant: indexes never change once assigned, so vectors only ever grow at the end.
/// </summary>
internal sealed class ResourceKinds
{
    public const int Cpus = 0;
    public const int Mem = 1;
    public const int Disk = 2;
    public const int Gpus = 3;
    public const int Ports = 0;

    private readonly List<string> _scalarNames = ["cpus", "mem", "disk", "gpus"];
    private readonly List<string> _rangeNames = ["ports"];
    private readonly List<bool> _rangeIsSet = [false];
    private readonly Dictionary<string, int> _scalarIndex = new(StringComparer.Ordinal) { ["cpus"] = 0, ["mem"] = 1, ["disk"] = 2, ["gpus"] = 3 };
    private readonly Dictionary<string, int> _rangeIndex = new(StringComparer.Ordinal) { ["ports"] = 0 };
    private readonly List<Dictionary<string, ulong>?> _setItemIds = [null];
    private readonly List<List<string>?> _setItems = [null];

    public int ScalarCount => _scalarNames.Count;
    public int RangeCount => _rangeNames.Count;

    /// <summary>Bumped whenever a kind is added, so owners of stride-based arrays know to widen them.</summary>
    public int Version { get; private set; }

    public string ScalarName(int kind) => _scalarNames[kind];
    public string RangeName(int kind) => _rangeNames[kind];
    public bool RangeIsSet(int kind) => _rangeIsSet[kind];

    public bool TryGetScalar(string name, out int kind) => _scalarIndex.TryGetValue(name, out kind);
    public bool TryGetRange(string name, out int kind) => _rangeIndex.TryGetValue(name, out kind);

    public int GetOrAddScalar(string name)
    {
        if (_rangeIndex.ContainsKey(name))
            ThrowHelper.ThrowEngine($"resource '{name}' is already known as a range or set, not a scalar");
        if (!_scalarIndex.TryGetValue(name, out int kind))
        {
            kind = _scalarNames.Count;
            _scalarNames.Add(name);
            _scalarIndex[name] = kind;
            Version++;
        }
        return kind;
    }

    public int GetOrAddRange(string name, bool isSet)
    {
        if (_scalarIndex.ContainsKey(name))
            ThrowHelper.ThrowEngine($"resource '{name}' is already known as a scalar");
        if (_rangeIndex.TryGetValue(name, out int kind))
        {
            if (_rangeIsSet[kind] != isSet)
                ThrowHelper.ThrowEngine($"resource '{name}' is already known as a {(isSet ? "range" : "set")}");
            return kind;
        }
        kind = _rangeNames.Count;
        _rangeNames.Add(name);
        _rangeIsSet.Add(isSet);
        _rangeIndex[name] = kind;
        _setItemIds.Add(isSet ? new Dictionary<string, ulong>(StringComparer.Ordinal) : null);
        _setItems.Add(isSet ? [] : null);
        Version++;
        return kind;
    }

    /// <summary>The integer standing for a set item (interned on first sight).</summary>
    public ulong InternSetItem(int kind, string item)
    {
        Dictionary<string, ulong> ids = _setItemIds[kind]!;
        if (!ids.TryGetValue(item, out ulong id))
        {
            id = (ulong)ids.Count;
            ids[item] = id;
            _setItems[kind]!.Add(item);
        }
        return id;
    }

    public string SetItem(int kind, ulong id) => _setItems[kind]![(int)id];
}

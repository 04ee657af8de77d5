namespace FastMesos.Engine;

/// <summary>
/// A mutable bag of resources in the engine's dense form: portions keyed by
/// <see cref="ReservationKey"/>, each with a fixed-point scalar vector (indexed by
/// <see cref="ResourceKinds"/> scalar kind) and one <see cref="RangeSet"/> per range or set kind.
/// Bundles are reused (offers, task ledgers, scratch): <see cref="Clear"/> keeps every array, so
/// steady-state use allocates nothing.
/// Invariants: keys are unique among the first <see cref="Count"/> portions; scalars are ≥ 0.
/// A portion may be empty (all zero) — <see cref="IsEmpty"/> looks at values, not at Count.
/// </summary>
internal sealed class Bundle
{
    private int _k;       // scalar stride
    private int _r;       // range stride
    private int _count;
    private int[] _keys = new int[1];   // most bundles hold one portion (unreserved): start there
    private long[] _scalars;
    private RangeSet?[] _ranges;

    public Bundle(int scalarKinds = 4, int rangeKinds = 1)
    {
        _k = Math.Max(scalarKinds, 1);
        _r = Math.Max(rangeKinds, 1);
        _scalars = new long[_k];
        _ranges = new RangeSet?[_r];
    }

    public int Count => _count;
    public int ScalarStride => _k;
    public int KeyAt(int portion) => _keys[portion];

    public long ScalarAt(int portion, int kind) => kind < _k ? _scalars[portion * _k + kind] : 0;

    public Span<long> ScalarsOf(int portion) => _scalars.AsSpan(portion * _k, _k);

    /// <summary>The ranges of one kind in one portion; null when none were ever added there.</summary>
    public RangeSet? RangesOf(int portion, int kind) => kind < _r ? _ranges[portion * _r + kind] : null;

    public bool IsEmpty
    {
        get
        {
            int n = _count * _k;
            for (int i = 0; i < n; i++)
            {
                if (_scalars[i] != 0)
                    return false;
            }
            int m = _count * _r;
            for (int i = 0; i < m; i++)
            {
                RangeSet? rs = _ranges[i];
                if (rs is not null && rs.Count != 0)
                    return false;
            }
            return true;
        }
    }

    public void Clear()
    {
        Array.Clear(_scalars, 0, _count * _k);
        int m = _count * _r;
        for (int i = 0; i < m; i++)
            _ranges[i]?.Clear();
        _count = 0;
    }

    public int IndexOf(int key)
    {
        for (int p = 0; p < _count; p++)
        {
            if (_keys[p] == key)
                return p;
        }
        return -1;
    }

    public int GetOrAddPortion(int key)
    {
        int p = IndexOf(key);
        if (p >= 0)
            return p;
        if (_count == _keys.Length)
            Grow(Math.Max(2, _count * 2), _k, _r);
        p = _count++;
        _keys[p] = key;
        // Slots past Count are kept zeroed by Clear/RemovePortion; nothing to reset here.
        return p;
    }

    /// <summary>Makes room for <paramref name="scalarKinds"/> and <paramref name="rangeKinds"/> (kinds only ever grow).</summary>
    public void EnsureKinds(int scalarKinds, int rangeKinds)
    {
        if (scalarKinds > _k || rangeKinds > _r)
            Grow(_keys.Length, Math.Max(scalarKinds, _k), Math.Max(rangeKinds, _r));
    }

    public void AddScalar(int key, int kind, long milli)
    {
        EnsureKinds(kind + 1, _r);
        int p = GetOrAddPortion(key);
        _scalars[p * _k + kind] += milli;
    }

    public RangeSet RangesFor(int portion, int kind)
    {
        EnsureKinds(_k, kind + 1);
        ref RangeSet? slot = ref _ranges[portion * _r + kind];
        return slot ??= new RangeSet();
    }

    /// <summary>
    /// Exchanges the range set object of (<paramref name="portion"/>, <paramref name="kind"/>) with
    /// <paramref name="other"/>: moving a whole set between owners without copying its values.
    /// </summary>
    public void SwapRanges(int portion, int kind, ref RangeSet? other)
    {
        EnsureKinds(_k, kind + 1);
        ref RangeSet? slot = ref _ranges[portion * _r + kind];
        (slot, other) = (other, slot);
    }

    public void AddRange(int key, int kind, ulong begin, ulong end)
    {
        EnsureKinds(_k, kind + 1);
        int p = GetOrAddPortion(key);
        RangesFor(p, kind).Add(begin, end);
    }

    public void CopyFrom(Bundle other)
    {
        Clear();
        AddAll(other);
    }

    public void AddAll(Bundle other)
    {
        EnsureKinds(other._k, other._r);
        for (int q = 0; q < other._count; q++)
            AddPortion(other, q);
    }

    /// <summary>Adds portion <paramref name="q"/> of <paramref name="other"/> under its own key.</summary>
    public void AddPortion(Bundle other, int q)
    {
        EnsureKinds(other._k, other._r);
        int p = GetOrAddPortion(other._keys[q]);
        int ob = q * other._k, tb = p * _k;
        for (int k = 0; k < other._k; k++)
            _scalars[tb + k] += other._scalars[ob + k];
        for (int r = 0; r < other._r; r++)
        {
            RangeSet? rs = other._ranges[q * other._r + r];
            if (rs is not null && rs.Count != 0)
                RangesFor(p, r).AddAll(rs);
        }
    }

    /// <summary>True when every portion of <paramref name="other"/> fits in the portion with the same key here.</summary>
    public bool Contains(Bundle other)
    {
        for (int q = 0; q < other._count; q++)
        {
            int p = IndexOf(other._keys[q]);
            int ob = q * other._k;
            for (int k = 0; k < other._k; k++)
            {
                long need = other._scalars[ob + k];
                if (need != 0 && (p < 0 || ScalarAt(p, k) < need))
                    return false;
            }
            for (int r = 0; r < other._r; r++)
            {
                RangeSet? need = other._ranges[q * other._r + r];
                if (need is null || need.Count == 0)
                    continue;
                RangeSet? have = p < 0 ? null : RangesOf(p, r);
                if (have is null || !have.Contains(need))
                    return false;
            }
        }
        return true;
    }

    /// <summary>Removes <paramref name="other"/>; the caller has checked <see cref="Contains"/>.</summary>
    public void Subtract(Bundle other)
    {
        for (int q = 0; q < other._count; q++)
        {
            int p = IndexOf(other._keys[q]);
            if (p < 0)
                continue;
            int ob = q * other._k, tb = p * _k;
            for (int k = 0; k < other._k; k++)
                _scalars[tb + k] -= other._scalars[ob + k];
            for (int r = 0; r < other._r; r++)
            {
                RangeSet? rs = other._ranges[q * other._r + r];
                if (rs is not null && rs.Count != 0)
                    RangesOf(p, r)?.Subtract(rs);
            }
        }
    }

    /// <summary>The sum of one scalar kind over all portions.</summary>
    public long ScalarTotal(int kind)
    {
        if (kind >= _k)
            return 0;
        long total = 0;
        for (int p = 0; p < _count; p++)
            total += _scalars[p * _k + kind];
        return total;
    }

    public bool SetEquals(Bundle other) => Contains(other) && other.Contains(this);

    private void Grow(int portions, int k, int r)
    {
        var keys = new int[portions];
        var scalars = new long[portions * k];
        var ranges = new RangeSet?[portions * r];
        Array.Copy(_keys, keys, _count);
        int oldPortions = _keys.Length;
        for (int p = 0; p < oldPortions; p++)
        {
            if (p < _count)
                Array.Copy(_scalars, p * _k, scalars, p * k, _k);
            for (int i = 0; i < _r; i++)
                ranges[p * r + i] = _ranges[p * _r + i];
        }
        _keys = keys;
        _scalars = scalars;
        _ranges = ranges;
        _k = k;
        _r = r;
    }
}

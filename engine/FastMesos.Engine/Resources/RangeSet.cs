namespace FastMesos.Engine;

/// <summary>
/// A mutable set of unsigned integers held as sorted, disjoint, non-adjacent inclusive ranges
/// (ports, or interned set items). Mutations reuse the instance's arrays, so after warm-up they
/// allocate nothing. Invariant: for i &lt; Count-1, End[i] + 1 &lt; Begin[i+1].
/// </summary>
internal sealed class RangeSet
{
    private ulong[] _begin;
    private ulong[] _end;
    private ulong[] _scratchBegin = [];   // allocated on first Subtract: most sets are never subtracted from
    private ulong[] _scratchEnd = [];
    private int _count;

    public RangeSet(int capacity = 2)
    {
        _begin = new ulong[capacity];
        _end = new ulong[capacity];
    }

    public int Count => _count;
    public bool IsEmpty => _count == 0;
    public ulong BeginAt(int i) => _begin[i];
    public ulong EndAt(int i) => _end[i];

    /// <summary>How many values the set holds (saturating).</summary>
    public ulong Cardinality
    {
        get
        {
            ulong total = 0;
            for (int i = 0; i < _count; i++)
                total += _end[i] - _begin[i] + 1;
            return total;
        }
    }

    public void Clear() => _count = 0;

    public void CopyFrom(RangeSet other)
    {
        EnsureCapacity(ref _begin, ref _end, other._count);
        Array.Copy(other._begin, _begin, other._count);
        Array.Copy(other._end, _end, other._count);
        _count = other._count;
    }

    /// <summary>Adds [begin, end], merging with neighbours.</summary>
    public void Add(ulong begin, ulong end)
    {
        // Find the first range that could merge: its End + 1 >= begin.
        int i = 0;
        while (i < _count && _end[i] != ulong.MaxValue && _end[i] + 1 < begin)
            i++;
        int j = i;
        ulong b = begin, e = end;
        while (j < _count && (e == ulong.MaxValue || _begin[j] <= e + 1))
        {
            if (_begin[j] < b)
                b = _begin[j];
            if (_end[j] > e)
                e = _end[j];
            j++;
        }
        int removed = j - i;
        if (removed == 0)
        {
            EnsureCapacity(ref _begin, ref _end, _count + 1);
            Array.Copy(_begin, i, _begin, i + 1, _count - i);
            Array.Copy(_end, i, _end, i + 1, _count - i);
            _count++;
        }
        else if (removed > 1)
        {
            Array.Copy(_begin, j, _begin, i + 1, _count - j);
            Array.Copy(_end, j, _end, i + 1, _count - j);
            _count -= removed - 1;
        }
        _begin[i] = b;
        _end[i] = e;
    }

    public void AddAll(RangeSet other)
    {
        if (_count == 0)
        {
            CopyFrom(other);
            return;
        }
        for (int i = 0; i < other._count; i++)
            Add(other._begin[i], other._end[i]);
    }

    /// <summary>True when every value of <paramref name="inner"/> is here.</summary>
    public bool Contains(RangeSet inner)
    {
        int j = 0;
        for (int i = 0; i < inner._count; i++)
        {
            ulong b = inner._begin[i], e = inner._end[i];
            while (j < _count && _end[j] < b)
                j++;
            if (j == _count || _begin[j] > b || _end[j] < e)
                return false;
        }
        return true;
    }

    public bool Overlaps(RangeSet other)
    {
        int i = 0, j = 0;
        while (i < _count && j < other._count)
        {
            if (_end[i] < other._begin[j])
                i++;
            else if (other._end[j] < _begin[i])
                j++;
            else
                return true;
        }
        return false;
    }

    /// <summary>Removes every value of <paramref name="other"/>; values not present are ignored.</summary>
    public void Subtract(RangeSet other)
    {
        if (other._count == 0 || _count == 0)
            return;
        EnsureCapacity(ref _scratchBegin, ref _scratchEnd, _count + other._count);
        int n = 0;
        int j = 0;
        for (int i = 0; i < _count; i++)
        {
            ulong b = _begin[i], e = _end[i];
            bool alive = true;
            while (j < other._count && other._end[j] < b)
                j++;
            int k = j;
            while (alive && k < other._count && other._begin[k] <= e)
            {
                if (other._begin[k] > b)
                {
                    _scratchBegin[n] = b;
                    _scratchEnd[n] = other._begin[k] - 1;
                    n++;
                }
                if (other._end[k] >= e)
                    alive = false;
                else
                    b = other._end[k] + 1;
                k++;
            }
            if (alive)
            {
                _scratchBegin[n] = b;
                _scratchEnd[n] = e;
                n++;
            }
        }
        (_begin, _scratchBegin) = (_scratchBegin, _begin);
        (_end, _scratchEnd) = (_scratchEnd, _end);
        _count = n;
    }

    public bool SetEquals(RangeSet other)
    {
        if (_count != other._count)
            return false;
        for (int i = 0; i < _count; i++)
        {
            if (_begin[i] != other._begin[i] || _end[i] != other._end[i])
                return false;
        }
        return true;
    }

    private static void EnsureCapacity(ref ulong[] begin, ref ulong[] end, int needed)
    {
        if (begin.Length >= needed)
            return;
        int size = Math.Max(needed, begin.Length * 2);
        Array.Resize(ref begin, size);
        Array.Resize(ref end, size);
    }
}

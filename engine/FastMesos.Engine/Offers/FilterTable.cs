namespace FastMesos.Engine;

/// <summary>
/// One agent's offer filters (Mesos' RefusedOfferFilter), keyed by subscription slot in an
/// open-addressing table with linear probing. A filter blocks offers to its subscription until
/// <see cref="Expiry"/>, but only while what the agent could offer is a subset of what was refused.
/// <para>
/// Validity is checked cheaply: <see cref="Stamp"/> records the agent's growth stamp at the last
/// time the subset relation was verified. Free resources that only shrank since then are still a
/// subset, so an equal stamp skips the subset test. <see cref="Gen"/> is the subscription's filter
/// generation at creation: REVIVE bumps it, which voids every filter of the subscription at once.
/// </para>
/// Invariant: Count = occupied slots (live or stale); capacity is a power of two ≥ 2 × Count.
/// </summary>
internal sealed class FilterTable
{
    private int[] _keys;      // subscription + 1; 0 = empty
    public long[] Expiry;
    public long[] Stamp;
    public int[] Gen;
    public Bundle?[] Refused;
    private int _count;

    public FilterTable(int capacity = 8)
    {
        int cap = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity, 8));
        _keys = new int[cap];
        Expiry = new long[cap];
        Stamp = new long[cap];
        Gen = new int[cap];
        Refused = new Bundle?[cap];
    }

    public int Count => _count;

    /// <summary>The slot holding <paramref name="sub"/>'s filter, or -1.</summary>
    public int Find(int sub)
    {
        int mask = _keys.Length - 1;
        int key = sub + 1;
        int i = Hash(sub) & mask;
        while (true)
        {
            int k = _keys[i];
            if (k == key)
                return i;
            if (k == 0)
                return -1;
            i = (i + 1) & mask;
        }
    }

    /// <summary>Adds or replaces <paramref name="sub"/>'s filter.</summary>
    public void Set(int sub, long expiry, long stamp, int gen, Bundle refused)
    {
        if ((_count + 1) * 2 > _keys.Length)
            Rehash(_keys.Length * 2);
        int mask = _keys.Length - 1;
        int key = sub + 1;
        int i = Hash(sub) & mask;
        while (_keys[i] != 0 && _keys[i] != key)
            i = (i + 1) & mask;
        if (_keys[i] == 0)
        {
            _keys[i] = key;
            _count++;
        }
        Expiry[i] = expiry;
        Stamp[i] = stamp;
        Gen[i] = gen;
        Refused[i] = refused;
    }

    /// <summary>Removes the filter in <paramref name="slot"/> (backward-shift deletion keeps probes short).</summary>
    public void RemoveAt(int slot)
    {
        int mask = _keys.Length - 1;
        int i = slot;
        _keys[i] = 0;
        Refused[i] = null;
        _count--;
        int j = (i + 1) & mask;
        while (_keys[j] != 0)
        {
            int home = Hash(_keys[j] - 1) & mask;
            // Move j back into the hole at i when its home position does not lie cyclically in (i, j].
            bool between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!between)
            {
                _keys[i] = _keys[j];
                Expiry[i] = Expiry[j];
                Stamp[i] = Stamp[j];
                Gen[i] = Gen[j];
                Refused[i] = Refused[j];
                _keys[j] = 0;
                Refused[j] = null;
                i = j;
            }
            j = (j + 1) & mask;
        }
    }

    public void Clear()
    {
        Array.Clear(_keys);
        Array.Clear(Refused);
        _count = 0;
    }

    /// <summary>Removes every filter of <paramref name="sub"/>.</summary>
    public void Remove(int sub)
    {
        int slot = Find(sub);
        if (slot >= 0)
            RemoveAt(slot);
    }

    private static int Hash(int sub) => (int)((uint)sub * 2654435769u >> 7);

    private void Rehash(int capacity)
    {
        int[] keys = _keys;
        long[] expiry = Expiry, stamp = Stamp;
        int[] gen = Gen;
        Bundle?[] refused = Refused;
        _keys = new int[capacity];
        Expiry = new long[capacity];
        Stamp = new long[capacity];
        Gen = new int[capacity];
        Refused = new Bundle?[capacity];
        _count = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            if (keys[i] != 0)
                Set(keys[i] - 1, expiry[i], stamp[i], gen[i], refused[i]!);
        }
    }
}

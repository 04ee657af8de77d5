namespace FastMesos.Engine;

public sealed partial class Allocator
{
    // A per-agent bitset over subscription slots: bit (a, s) says "s has a filter on a whose subset
    // test is known to hold for every free set within a's content snapshot". A walk that meets a set
    // bit skips the hash-table probe entirely, so examining a filtered (agent, framework) pair costs
    // one load from the agent's few cache lines instead of several misses in its filter table.
    // Validity: bits of agent a hold while _bitsStamp[a] == _contentId[a] and now < _bitsMinExpiry[a]
    // (the earliest expiry among set bits); otherwise they are cleared and rebuilt from the table
    // as filters are proven again. A bit is cleared when its filter is removed, and a
    // subscription's bits on every agent are cleared when its filters are voided (REVIVE, removal).
    // Quota-affected subscriptions never get bits: their offerable set moves with quota state.
    private ulong[] _filterBits = [];
    private int _filterWords;          // words per agent
    private long[] _bitsStamp = [];
    private long[] _bitsMinExpiry = [];

    /// <summary>Resizes the bitset for the current agent and subscription capacities (cold path).</summary>
    private void EnsureFilterBits()
    {
        int words = Math.Max(1, (_subFw.Length + 63) >> 6);
        int agents = _agentId.Length;
        if (words == _filterWords && _bitsStamp.Length >= agents)
            return;
        var bits = new ulong[agents * words];
        for (int a = 0; a < Math.Min(agents, _bitsStamp.Length); a++)
            Array.Copy(_filterBits, a * _filterWords, bits, a * words, Math.Min(words, _filterWords));
        _filterBits = bits;
        _filterWords = words;
        Array.Resize(ref _bitsStamp, agents);
        Array.Resize(ref _bitsMinExpiry, agents);
    }

    /// <summary>Records that <paramref name="sub"/>'s filter on <paramref name="a"/> is proven until <paramref name="expiry"/>.</summary>
    private void SetFilterBit(int a, int sub, long expiry, long now)
    {
        if (_bitsStamp[a] != _contentId[a] || now >= _bitsMinExpiry[a])
        {
            Array.Clear(_filterBits, a * _filterWords, _filterWords);
            _bitsStamp[a] = _contentId[a];
            _bitsMinExpiry[a] = long.MaxValue;
        }
        _filterBits[a * _filterWords + (sub >> 6)] |= 1UL << sub;
        if (expiry < _bitsMinExpiry[a])
            _bitsMinExpiry[a] = expiry;
    }

    private void ClearFilterBit(int a, int sub) => _filterBits[a * _filterWords + (sub >> 6)] &= ~(1UL << sub);

    /// <summary>Clears a subscription's bit on every agent (its filters were voided).</summary>
    private void ClearFilterBits(int sub)
    {
        int word = sub >> 6;
        ulong mask = ~(1UL << sub);
        for (int a = 0; a < _agentCount; a++)
            _filterBits[a * _filterWords + word] &= mask;
    }
}

namespace FastMesos.Engine;

public sealed partial class Allocator
{
    // A per-agent bitset over subscription slots: bit (a, s) says "s has a filter on a whose subset
    // test is known to hold for every free set within a's content snapshot". A walk that meets a set
    // bit skips the hash-table probe entirely, so examining a filtered (agent, framework) pair costs
    // one load from the agent's few cache lines instead of several misses in its filter table.
    // Validity: bits of agent a hold while _hot[a].BitsStamp == _hot[a].ContentId and now < _hot[a].BitsMinExpiry
    // (the earliest expiry among set bits); otherwise they are cleared and rebuilt from the table
    // as filters are proven again. A bit is cleared when its filter is removed, and a
    // subscription's bits on every agent are cleared when its filters are voided (REVIVE, removal).
    // Quota needs no exception: chopping by limits and headroom only ever shrinks the offerable set,
    // and proofs are made against the unchopped snapshot, so they hold whatever quota state follows.
    private ulong[] _filterBits = [];
    private int _filterWords;          // words per agent
    private int _bitsAgents;           // agents the bitset has rows for

    /// <summary>Resizes the bitset for the current agent and subscription capacities (cold path).</summary>
    private void EnsureFilterBits()
    {
        int words = Math.Max(1, (_subFw.Length + 63) >> 6);
        int agents = _agentId.Length;
        if (words == _filterWords && _bitsAgents >= agents)
            return;
        var bits = new ulong[agents * words];
        for (int a = 0; a < Math.Min(agents, _bitsAgents); a++)
            Array.Copy(_filterBits, a * _filterWords, bits, a * words, Math.Min(words, _filterWords));
        _filterBits = bits;
        _filterWords = words;
        _bitsAgents = agents;
    }

    /// <summary>Records that <paramref name="sub"/>'s filter on <paramref name="a"/> is proven until <paramref name="expiry"/>.</summary>
    private void SetFilterBit(int a, int sub, long expiry, long now)
    {
        if (_hot[a].BitsStamp != _hot[a].ContentId || now >= _hot[a].BitsMinExpiry)
        {
            Array.Clear(_filterBits, a * _filterWords, _filterWords);
            _hot[a].BitsStamp = _hot[a].ContentId;
            _hot[a].BitsMinExpiry = long.MaxValue;
        }
        _filterBits[a * _filterWords + (sub >> 6)] |= 1UL << sub;
        if (expiry < _hot[a].BitsMinExpiry)
            _hot[a].BitsMinExpiry = expiry;
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

namespace FastMesos.Engine;

/// <summary>
/// The per-agent state an allocation run reads on every visit, packed into one 64-byte cache line:
/// agents are visited in shuffled order, so separate arrays would cost a cache miss each.
/// </summary>
internal struct AgentHot
{
    /// <summary>Content stamp: changes when free resources grow beyond the content snapshot.</summary>
    public long ContentId;

    /// <summary>The content stamp under which the agent's filter bits are valid.</summary>
    public long BitsStamp;

    /// <summary>The earliest expiry among the agent's set filter bits.</summary>
    public long BitsMinExpiry;

    /// <summary>Fully-filtered shortcut: valid while now &lt; BlockedUntil ...</summary>
    public long BlockedUntil;

    /// <summary>... and ContentId == BlockedGrowth ...</summary>
    public long BlockedGrowth;

    /// <summary>... and the eligibility generation is BlockedGen.</summary>
    public int BlockedGen;

    public bool Active;
    public bool HasGpus;

    /// <summary>Offer filters on this agent (null until the first).</summary>
    public FilterTable? Filters;

    /// <summary>Reserved portions, not offered and not used (null: the agent never had reservations).</summary>
    public Bundle? ReservedFree;
}

namespace FastMesos.Engine;

/// <summary>What one allocation run did: machine-independent counts for metrics, benchmarks and tests.</summary>
public struct AllocationRunStats
{
    /// <summary>Agents the run considered (all active agents on a full run, else the triggered ones).</summary>
    public int Candidates;

    /// <summary>Agents walked through the role order (not skipped as empty or fully filtered).</summary>
    public int AgentVisits;

    /// <summary>Agents skipped because every candidate framework had a standing filter on them.</summary>
    public int BlockedSkips;

    /// <summary>(agent, subscription) pairs examined.</summary>
    public long CandidateChecks;

    /// <summary>Pairs held back by an offer filter.</summary>
    public long FilteredChecks;

    /// <summary>Offers made.</summary>
    public int Offers;
}

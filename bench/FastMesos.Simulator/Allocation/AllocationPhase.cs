namespace FastMesos.Simulator.Allocation;

/// <summary>The state the measured allocation cycles run in (specs/performance.md §8.2a).</summary>
public enum AllocationPhase
{
    /// <summary>Every agent free before each cycle: the cycle makes one offer per agent.</summary>
    Fresh,

    /// <summary>Every framework has declined every agent with a long filter (Mesos' DeclineOffers).</summary>
    Declined,

    /// <summary>99% of frameworks suppressed, the rest have declined everything (Mesos' ExtremeSuppressOffers).</summary>
    Suppressed,
}

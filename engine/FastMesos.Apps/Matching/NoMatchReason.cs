namespace FastMesos.Apps.Matching;

/// <summary>
/// Why an offer was not used for an app, in Marathon's funnel order (<c>NoOfferMatchReason.reasonFunnel</c>,
/// specs/marathon.md §6.1): an offer failing several checks is reported under the first. The numeric
/// order is the funnel order; <see cref="None"/> means the offer matched.
/// </summary>
public enum NoMatchReason : byte
{
    UnfulfilledRole,
    UnfulfilledConstraint,
    NoCorrespondingReservationFound,
    AgentMaintenance,
    InsufficientCpus,
    InsufficientMemory,
    InsufficientDisk,
    InsufficientGpus,
    InsufficientPorts,
    DeclinedScarceResources,

    /// <summary>Not a rejection: the offer matched.</summary>
    None,
}

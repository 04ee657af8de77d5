namespace FastMesos.Marathon.Runtime;

/// <summary>
/// When an (instance, Marathon-level check) is probed next, whether a probe of it is in flight
/// (never two at once), and whether it waits in the deferred queue for a free probe slot.
/// </summary>
internal readonly record struct ProbeSchedule(DateTimeOffset Due, bool InFlight, bool Deferred);

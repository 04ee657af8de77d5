namespace FastMesos.Scheduler;

/// <summary>Which callback a queued <see cref="DriverEvent"/> goes to.</summary>
internal enum DriverEventKind
{
    Subscribed,
    Offers,
    Rescinded,
    StatusUpdate,
    Message,
    Failure,
    Error,
    Disconnected,
}

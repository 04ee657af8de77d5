namespace FastMesos.Messages;

/// <summary>
/// Master → agent: launch one task for a framework, starting its executor first if needed. A
/// struct: the master sends one per launched task and the transport encodes it at once, so as an
/// object it was a 32-byte allocation per task that lived only as long as the send.
/// </summary>
public readonly record struct RunTask
{
    public required FrameworkInfo Framework { get; init; }
    public required TaskInfo Task { get; init; }
}

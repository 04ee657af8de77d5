namespace FastMesos.Messages;

/// <summary>SUBSCRIBED: the subscription succeeded; the master sends HEARTBEAT every <see cref="HeartbeatIntervalSeconds"/>.</summary>
public sealed record SubscribedEvent
{
    public required FrameworkId FrameworkId { get; init; }
    public double HeartbeatIntervalSeconds { get; init; } = 15;
    public MasterInfo? Master { get; init; }
}

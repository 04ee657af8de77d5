namespace FastMesos.Messages;

/// <summary>
/// SUBSCRIBE: a scheduler connects. Without <see cref="FrameworkInfo.Id"/> a new framework is
/// registered; with it, this is a reconnect or failover and any older subscription is closed.
/// </summary>
public sealed record SubscribeCall
{
    public required FrameworkInfo Framework { get; init; }

    /// <summary>Roles that start suppressed: no offers for them until REVIVE.</summary>
    public IReadOnlyList<string> SuppressedRoles { get; init; } = [];
}

namespace FastMesos.Messages;

/// <summary>Master → agent: the reregistration is accepted; the agent resumes under <see cref="AgentId"/>.</summary>
public sealed record AgentReregistered
{
    public required AgentId AgentId { get; init; }
    public double HeartbeatIntervalSeconds { get; init; } = 15;
    public double TotalPingTimeoutSeconds { get; init; } = 75;

    /// <summary>Where the agent may take its pings as datagrams instead; null: over this connection only.</summary>
    public HeartbeatChannel? Heartbeats { get; init; }
}

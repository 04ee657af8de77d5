namespace FastMesos.Messages;

/// <summary>Master → agent: the agent is admitted under <see cref="AgentId"/>; the master pings it from now on.</summary>
public sealed record AgentRegistered
{
    public required AgentId AgentId { get; init; }

    /// <summary>How often the master pings (Mesos <c>--agent_ping_timeout</c>, 15 s).</summary>
    public double HeartbeatIntervalSeconds { get; init; } = 15;

    /// <summary>After this long without a ping the agent considers the master gone (Mesos 15 s × 5).</summary>
    public double TotalPingTimeoutSeconds { get; init; } = 75;

    /// <summary>Where the agent may take its pings as datagrams instead; null: over this connection only.</summary>
    public HeartbeatChannel? Heartbeats { get; init; }
}

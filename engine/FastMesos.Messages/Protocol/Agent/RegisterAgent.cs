namespace FastMesos.Messages;

/// <summary>Agent → master: a new agent asks to join; the master admits it and answers <see cref="AgentRegistered"/>.</summary>
public sealed record RegisterAgent
{
    public required AgentInfo Agent { get; init; }

    /// <summary>The agent's FastMesos version; the master refuses agents older than its minimum.</summary>
    public required string Version { get; init; }

    /// <summary>Reservations and volumes the agent has checkpointed.</summary>
    public Resources CheckpointedResources { get; init; } = Resources.Empty;
}

namespace FastMesos.Messages;

/// <summary>Describes an agent (Mesos <c>AgentInfo</c>): where it runs, what it offers, and its attributes.</summary>
public sealed record AgentInfo
{
    public required string Hostname { get; init; }

    /// <summary>The agent's wire and HTTP port (Mesos default 5051).</summary>
    public int Port { get; init; } = 5051;

    /// <summary>Unset on a first registration; the master assigns it.</summary>
    public AgentId? Id { get; init; }
    public Resources Resources { get; init; } = Resources.Empty;
    public AgentAttributes Attributes { get; init; } = AgentAttributes.Empty;
}

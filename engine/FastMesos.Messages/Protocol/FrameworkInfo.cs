namespace FastMesos.Messages;

/// <summary>
/// Describes a framework (Mesos <c>FrameworkInfo</c>): who it runs tasks as, its roles, and how long
/// the master waits for it to fail over. Without <see cref="Id"/> a SUBSCRIBE registers a new framework.
/// </summary>
public sealed record FrameworkInfo
{
    /// <summary>The Unix user tasks run as unless a CommandInfo names another.</summary>
    public required string User { get; init; }
    public required string Name { get; init; }

    /// <summary>Set after the first subscription; a SUBSCRIBE that carries it is a failover.</summary>
    public FrameworkId? Id { get; init; }

    /// <summary>Seconds the master keeps the framework's tasks after its connection drops (Mesos default 0).</summary>
    public double FailoverTimeoutSeconds { get; init; }
    public bool Checkpoint { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
    public string? Hostname { get; init; }
    public string? Principal { get; init; }
    public string? WebUiUrl { get; init; }
    public FrameworkCapabilities Capabilities { get; init; }
    public IReadOnlyList<Label> Labels { get; init; } = [];
}

namespace FastMesos.Messages;

/// <summary>
/// Describes a task to launch (Mesos <c>TaskInfo</c>). Exactly one of <see cref="Command"/> (the
/// agent's command executor runs it) or <see cref="Executor"/> (a custom executor runs it) is set.
/// </summary>
public sealed record TaskInfo
{
    public required string Name { get; init; }
    public required TaskId TaskId { get; init; }
    public required AgentId AgentId { get; init; }
    public Resources Resources { get; init; } = Resources.Empty;
    public CommandInfo? Command { get; init; }
    public ExecutorInfo? Executor { get; init; }
    public ContainerInfo? Container { get; init; }
    public HealthCheck? HealthCheck { get; init; }
    public KillPolicy? KillPolicy { get; init; }
    public IReadOnlyList<Label> Labels { get; init; } = [];

    /// <summary>Opaque bytes handed to the executor; empty when unset.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }
}

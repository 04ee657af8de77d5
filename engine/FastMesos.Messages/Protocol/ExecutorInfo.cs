namespace FastMesos.Messages;

/// <summary>
/// Describes an executor (Mesos <c>ExecutorInfo</c>): the process on an agent that runs a framework's
/// tasks. Its resources are charged once per (framework, executor, agent), however many tasks it runs.
/// </summary>
public sealed record ExecutorInfo
{
    public ExecutorType Type { get; init; }
    public required ExecutorId ExecutorId { get; init; }
    public FrameworkId? FrameworkId { get; init; }
    public CommandInfo? Command { get; init; }
    public ContainerInfo? Container { get; init; }
    public Resources Resources { get; init; } = Resources.Empty;
    public string? Name { get; init; }
    public IReadOnlyList<Label> Labels { get; init; } = [];

    /// <summary>Opaque bytes handed to the executor; empty when unset.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }
}

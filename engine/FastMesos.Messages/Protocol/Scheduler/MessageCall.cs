namespace FastMesos.Messages;

/// <summary>MESSAGE: opaque bytes from the scheduler to one of its executors, delivered at most once.</summary>
public sealed record MessageCall
{
    public required FrameworkId FrameworkId { get; init; }
    public required AgentId AgentId { get; init; }
    public required ExecutorId ExecutorId { get; init; }
    public ReadOnlyMemory<byte> Data { get; init; }
}

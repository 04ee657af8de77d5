namespace FastMesos.Messages;

/// <summary>MESSAGE: opaque bytes from an executor to its scheduler, delivered at most once.</summary>
public sealed record MessageEvent
{
    public required AgentId AgentId { get; init; }
    public required ExecutorId ExecutorId { get; init; }
    public ReadOnlyMemory<byte> Data { get; init; }
}

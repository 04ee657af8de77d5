namespace FastMesos.Messages;

/// <summary>
/// ACKNOWLEDGE: the scheduler has handled the status update <see cref="Uuid"/>; the master forwards it
/// to the agent as a <see cref="StatusUpdateAcknowledgement"/>. Decodes without allocating when its ids are pooled.
/// </summary>
public readonly record struct AcknowledgeCall(FrameworkId FrameworkId, AgentId AgentId, TaskId TaskId, Guid Uuid);

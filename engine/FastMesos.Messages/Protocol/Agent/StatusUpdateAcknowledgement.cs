namespace FastMesos.Messages;

/// <summary>
/// Master → agent: the scheduler acknowledged the update <see cref="Uuid"/> of a task, so the agent
/// drops it and sends the task's next one. Decodes without allocating when its ids are pooled.
/// </summary>
public readonly record struct StatusUpdateAcknowledgement(AgentId AgentId, FrameworkId FrameworkId, TaskId TaskId, Guid Uuid);

namespace FastMesos.Messages;

/// <summary>
/// UPDATE: a task's status changed; when <see cref="TaskStatus.Uuid"/> is set the scheduler must
/// ACKNOWLEDGE it. Decodes without allocating when its strings are pooled (see <see cref="StatusUpdate"/>).
/// </summary>
public readonly record struct UpdateEvent(TaskStatus Status);

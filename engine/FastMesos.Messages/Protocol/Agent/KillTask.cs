namespace FastMesos.Messages;

/// <summary>
/// Master → agent: kill a task; the executor sends SIGTERM, then SIGKILL after the grace period of
/// <see cref="KillPolicy"/> (or the task's own kill policy when unset).
/// </summary>
public readonly record struct KillTask(FrameworkId FrameworkId, TaskId TaskId, KillPolicy? KillPolicy = null);

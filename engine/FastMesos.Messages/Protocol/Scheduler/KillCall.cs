namespace FastMesos.Messages;

/// <summary>
/// KILL: kill a task (a task group dies as a whole). A kill of a task the master does not know
/// triggers an explicit reconciliation of it instead.
/// </summary>
public readonly record struct KillCall(FrameworkId FrameworkId, TaskId TaskId, AgentId? AgentId = null, KillPolicy? KillPolicy = null);

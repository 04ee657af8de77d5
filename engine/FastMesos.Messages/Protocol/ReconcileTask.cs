namespace FastMesos.Messages;

/// <summary>A task whose latest state a scheduler asks for in RECONCILE (Mesos <c>Call.Reconcile.Task</c>).</summary>
public readonly record struct ReconcileTask(TaskId TaskId, AgentId? AgentId = null);

namespace FastMesos.Messages;

/// <summary>Facts about <see cref="TaskState"/> values.</summary>
public static class TaskStates
{
    /// <summary>
    /// True for states after which a task holds no resources. TASK_LOST counts as terminal here,
    /// as in Mesos' resource accounting, although a LOST task may reappear when its agent returns.
    /// </summary>
    public static bool IsTerminal(this TaskState state) => state is TaskState.Finished or TaskState.Failed
        or TaskState.Killed or TaskState.Error or TaskState.Lost or TaskState.Dropped or TaskState.Gone
        or TaskState.GoneByOperator;

    /// <summary>The Mesos wire name, e.g. <c>TASK_RUNNING</c>.</summary>
    public static string WireName(this TaskState state) => state switch
    {
        TaskState.Starting => "TASK_STARTING",
        TaskState.Running => "TASK_RUNNING",
        TaskState.Finished => "TASK_FINISHED",
        TaskState.Failed => "TASK_FAILED",
        TaskState.Killed => "TASK_KILLED",
        TaskState.Lost => "TASK_LOST",
        TaskState.Staging => "TASK_STAGING",
        TaskState.Error => "TASK_ERROR",
        TaskState.Killing => "TASK_KILLING",
        TaskState.Dropped => "TASK_DROPPED",
        TaskState.Unreachable => "TASK_UNREACHABLE",
        TaskState.Gone => "TASK_GONE",
        TaskState.GoneByOperator => "TASK_GONE_BY_OPERATOR",
        _ => "TASK_UNKNOWN",
    };
}

using FastMesos.Messages;

namespace FastMesos.Apps.Launching;

/// <summary>Mapping of Mesos task states onto <see cref="InstanceCondition"/> and facts about conditions.</summary>
public static class InstanceConditions
{
    /// <summary>
    /// The condition of an instance whose task reported <paramref name="state"/>. TASK_LOST is a
    /// legacy state: by its reason it means Unreachable (the agent may come back), Unknown, or Gone.
    /// </summary>
    public static InstanceCondition FromTaskState(TaskState state, TaskStatusReason? reason) => state switch
    {
        TaskState.Staging => InstanceCondition.Staging,
        TaskState.Starting => InstanceCondition.Starting,
        TaskState.Running => InstanceCondition.Running,
        TaskState.Killing => InstanceCondition.Killing,
        TaskState.Finished => InstanceCondition.Finished,
        TaskState.Failed => InstanceCondition.Failed,
        TaskState.Killed => InstanceCondition.Killed,
        TaskState.Error => InstanceCondition.Error,
        TaskState.Dropped => InstanceCondition.Dropped,
        TaskState.Gone or TaskState.GoneByOperator => InstanceCondition.Gone,
        TaskState.Unreachable => InstanceCondition.Unreachable,
        TaskState.Unknown => InstanceCondition.Unknown,
        TaskState.Lost => reason switch
        {
            TaskStatusReason.Reconciliation or TaskStatusReason.AgentDisconnected or TaskStatusReason.AgentRemoved => InstanceCondition.Unreachable,
            TaskStatusReason.TaskUnknown => InstanceCondition.Unknown,
            _ => InstanceCondition.Gone,
        },
        _ => InstanceCondition.Unknown,
    };

    /// <summary>Whether the task of an instance in this condition is over (it will not run again by itself).</summary>
    public static bool IsTerminal(InstanceCondition condition) => condition switch
    {
        InstanceCondition.Error or InstanceCondition.Failed or InstanceCondition.Finished or InstanceCondition.Killed
            or InstanceCondition.Gone or InstanceCondition.Dropped or InstanceCondition.Unknown => true,
        _ => false,
    };

    /// <summary>Whether the instance is launched and not terminal (it occupies resources or may come back).</summary>
    public static bool IsActive(InstanceCondition condition) =>
        condition != InstanceCondition.Scheduled && !IsTerminal(condition);

    /// <summary>
    /// Whether a task ending in <paramref name="state"/> counts as a launch failure for the backoff
    /// (TASK_FAILED, TASK_FINISHED; never TASK_KILLED). A health-check kill counts too; the caller
    /// reports it directly.
    /// </summary>
    public static bool IncreasesBackoff(TaskState state) => state is TaskState.Failed or TaskState.Finished;

    /// <summary>
    /// Scale-down order weight (lower is killed first): Unreachable 1, Staging 2, Starting 3,
    /// Running 4, anything else 5.
    /// </summary>
    public static int KillWeight(InstanceCondition condition) => condition switch
    {
        InstanceCondition.Unreachable => 1,
        InstanceCondition.Staging => 2,
        InstanceCondition.Starting => 3,
        InstanceCondition.Running => 4,
        _ => 5,
    };
}

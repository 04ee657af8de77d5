namespace FastMesos.Apps.Launching;

/// <summary>
/// Marathon's instance conditions (specs/marathon.md §6.2); the names are the API's
/// <c>condition</c> strings.
/// </summary>
public enum InstanceCondition
{
    /// <summary>Created, waiting for an offer.</summary>
    Scheduled,

    /// <summary>Launched on an offer, no status update yet.</summary>
    Provisioned,

    /// <summary>TASK_STAGING.</summary>
    Staging,

    /// <summary>TASK_STARTING.</summary>
    Starting,

    /// <summary>TASK_RUNNING.</summary>
    Running,

    /// <summary>TASK_KILLING.</summary>
    Killing,

    /// <summary>TASK_UNREACHABLE, or TASK_LOST for an agent that disconnected or was removed.</summary>
    Unreachable,

    /// <summary>Unreachable longer than <c>inactiveAfterSeconds</c>: replaced, not yet expunged.</summary>
    UnreachableInactive,

    /// <summary>TASK_ERROR.</summary>
    Error,

    /// <summary>TASK_FAILED.</summary>
    Failed,

    /// <summary>TASK_FINISHED.</summary>
    Finished,

    /// <summary>TASK_KILLED.</summary>
    Killed,

    /// <summary>TASK_GONE, TASK_GONE_BY_OPERATOR, or TASK_LOST for other reasons.</summary>
    Gone,

    /// <summary>TASK_DROPPED.</summary>
    Dropped,

    /// <summary>TASK_UNKNOWN, or TASK_LOST with reason TASK_UNKNOWN.</summary>
    Unknown,
}

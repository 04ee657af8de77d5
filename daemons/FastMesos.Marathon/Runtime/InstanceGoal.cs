namespace FastMesos.Marathon.Runtime;

/// <summary>What Marathon wants of an instance (specs/marathon.md §6.2, Marathon 1.8+).</summary>
public enum InstanceGoal : byte
{
    /// <summary>Keep it running: a terminal task is relaunched as the next incarnation.</summary>
    Running,

    /// <summary>Kill it and forget it once its task is terminal (scale down, wipe, app removed).</summary>
    Decommissioned,
}

namespace FastMesos.Messages;

/// <summary>
/// The capabilities a framework advertises in its FrameworkInfo (Mesos
/// <c>FrameworkInfo.Capability.Type</c>). Each flag is bit (n − 1) of Mesos' enum number n, so
/// the set travels as one integer.
/// </summary>
[Flags]
public enum FrameworkCapabilities : uint
{
    None = 0,

    /// <summary>REVOCABLE_RESOURCES (1): receive offers with revocable resources.</summary>
    RevocableResources = 1 << 0,

    /// <summary>TASK_KILLING_STATE (2): understands TASK_KILLING.</summary>
    TaskKillingState = 1 << 1,

    /// <summary>GPU_RESOURCES (3): may be offered agents with GPUs.</summary>
    GpuResources = 1 << 2,

    /// <summary>SHARED_RESOURCES (4): receive offers with shared resources.</summary>
    SharedResources = 1 << 3,

    /// <summary>PARTITION_AWARE (5): receives TASK_UNREACHABLE/DROPPED/GONE instead of TASK_LOST.</summary>
    PartitionAware = 1 << 4,

    /// <summary>MULTI_ROLE (6): subscribes with <c>roles</c> and reads the offer's allocation role.</summary>
    MultiRole = 1 << 5,

    /// <summary>RESERVATION_REFINEMENT (7): understands refined reservations.</summary>
    ReservationRefinement = 1 << 6,

    /// <summary>REGION_AWARE (8): may be offered agents in remote regions.</summary>
    RegionAware = 1 << 7,

    /// <summary>Every capability this version knows; other bits are rejected on decode.</summary>
    All = (1 << 8) - 1,
}

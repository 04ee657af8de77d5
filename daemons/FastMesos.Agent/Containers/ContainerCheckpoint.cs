namespace FastMesos.Agent.Containers;

/// <summary>
/// Enough to find a container again after an agent restart. <see cref="ProcessStartTicks"/> (from
/// /proc/PID/stat) tells the original process from a later one that reused the pid.
/// Serialized by the agent runtime as JSON in its checkpoint directory.
/// </summary>
public sealed record ContainerCheckpoint
{
    public required string ContainerId { get; init; }
    public required int Pid { get; init; }
    public required long ProcessStartTicks { get; init; }
    public required string SandboxDirectory { get; init; }

    /// <summary>Controller name → absolute cgroup directory, e.g. memory → /sys/fs/cgroup/memory/.../fastmesos/ID.</summary>
    public IReadOnlyDictionary<string, string> Cgroups { get; init; } = new Dictionary<string, string>();
}

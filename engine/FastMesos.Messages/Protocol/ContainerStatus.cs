namespace FastMesos.Messages;

/// <summary>What the agent learned about a task's container once it started (Mesos <c>ContainerStatus</c>).</summary>
public sealed record ContainerStatus
{
    public string? ContainerId { get; init; }

    /// <summary>The container's addresses, for service discovery (Mesos-DNS reads them).</summary>
    public IReadOnlyList<string> IpAddresses { get; init; } = [];
    public uint? ExecutorPid { get; init; }
}

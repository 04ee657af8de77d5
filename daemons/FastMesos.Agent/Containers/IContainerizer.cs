namespace FastMesos.Agent.Containers;

/// <summary>
/// Runs containers for the agent: one per executor run (a command task's executor runs exactly one
/// task). The agent runtime calls it from its own loop; implementations are thread-safe.
/// <para>
/// Contract: <see cref="LaunchAsync"/> returns once the task process exists inside its resource
/// limits (the runtime then reports TASK_RUNNING); <see cref="ContainerHandle.Exited"/> completes
/// exactly once with how the container ended. A container outlives the agent process: after an
/// agent restart <see cref="Recover"/> reattaches to it from the checkpoint the runtime kept.
/// </para>
/// </summary>
public interface IContainerizer
{
    /// <summary>Which containerizer this is (<c>mesos</c>; <c>docker</c> later), as in <c>--containerizers</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Fetches the launch's URIs into its sandbox, creates its cgroups, and starts its process.
    /// Throws <see cref="ContainerLaunchException"/> with a message fit for a TASK_FAILED status when
    /// the fetch or the start fails; nothing is left behind then (cgroups removed).
    /// </summary>
    ValueTask<ContainerHandle> LaunchAsync(ContainerLaunch launch, CancellationToken cancellationToken);

    /// <summary>
    /// Reattaches to a container started by an earlier agent process. Returns a handle whose
    /// <see cref="ContainerHandle.Exited"/> is already complete (with <see cref="ContainerTermination.Recovered"/>
    /// set) when the container ended while the agent was away.
    /// </summary>
    ContainerHandle Recover(ContainerCheckpoint checkpoint);

    /// <summary>
    /// Kills the container: SIGTERM to every process in it, then SIGKILL to whatever is left after
    /// <paramref name="gracePeriod"/>. Completes when <see cref="ContainerHandle.Exited"/> has.
    /// Killing an ended container does nothing.
    /// </summary>
    Task KillAsync(ContainerHandle container, TimeSpan gracePeriod);

    /// <summary>Resource usage from the container's cgroup counters (Mesos ResourceStatistics), or null once it ended.</summary>
    ContainerUsage? Usage(ContainerHandle container);
}

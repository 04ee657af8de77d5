namespace FastMesos.Agent.Containers;

/// <summary>A running (or ended) container.</summary>
public abstract class ContainerHandle
{
    public abstract string ContainerId { get; }

    /// <summary>
    /// The pid of the container's top process: for the process containerizer the launcher wrapper,
    /// whose only child is the executor (the command).
    /// </summary>
    public abstract int Pid { get; }

    /// <summary>What the runtime checkpoints so a restarted agent can <see cref="IContainerizer.Recover"/> this container.</summary>
    public abstract ContainerCheckpoint Checkpoint { get; }

    /// <summary>Completes once, when every process of the container is gone and its cgroups are removed.</summary>
    public abstract Task<ContainerTermination> Exited { get; }
}

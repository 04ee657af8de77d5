namespace FastMesos.Agent.Containers;

/// <summary>How a container ended; the runtime turns it into TASK_FINISHED / FAILED / KILLED and a reason.</summary>
public sealed record ContainerTermination
{
    /// <summary>The task's exit code when it exited normally.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The signal that ended the task, when one did.</summary>
    public int? Signal { get; init; }

    /// <summary>The memory cgroup's OOM killer ended it (REASON_CONTAINER_LIMITATION_MEMORY).</summary>
    public bool OutOfMemory { get; init; }

    /// <summary>It ended because <see cref="IContainerizer.KillAsync"/> was called.</summary>
    public bool Killed { get; init; }

    /// <summary>It ended while no agent was watching; the exit status may be unknown.</summary>
    public bool Recovered { get; init; }

    /// <summary>A human sentence for the status update's message, e.g. "Command exited with status 3".</summary>
    public required string Message { get; init; }
}

using System.Diagnostics;

namespace FastMesos.Agent.Containers;

/// <summary>
/// The <see cref="ProcessContainerizer"/>'s handle: the wrapper's pid and start time, the container's
/// cgroups (null when running without cgroups) and its runtime directory (where the wrapper writes
/// the exit status).
/// </summary>
internal sealed class ProcessContainer : ContainerHandle
{
    readonly TaskCompletionSource<ContainerTermination> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int killed;

    public ProcessContainer(ContainerCheckpoint checkpoint, ContainerCgroups? cgroups, string runtimeDirectory, Process? process)
    {
        Checkpoint = checkpoint;
        Cgroups = cgroups;
        RuntimeDirectory = runtimeDirectory;
        Process = process;
    }

    public override string ContainerId => Checkpoint.ContainerId;

    public override int Pid => Checkpoint.Pid;

    public override ContainerCheckpoint Checkpoint { get; }

    public override Task<ContainerTermination> Exited => exited.Task;

    public ContainerCgroups? Cgroups { get; }

    public string RuntimeDirectory { get; }

    /// <summary>The wrapper when this agent process started it (its exit is awaited); null once recovered.</summary>
    public Process? Process { get; }

    /// <summary>Set once <see cref="IContainerizer.KillAsync"/> was called; the termination says Killed.</summary>
    public bool Killed => Volatile.Read(ref killed) != 0;

    /// <summary>True for the first caller only.</summary>
    public bool MarkKilled() => Interlocked.Exchange(ref killed, 1) == 0;

    public bool IsEnded => exited.Task.IsCompleted;

    public void Complete(ContainerTermination termination) => exited.TrySetResult(termination);

    /// <summary>Every process of the container except the wrapper itself: the cgroups' members, or without cgroups the wrapper's session.</summary>
    public List<int> ProcessesExceptWrapper()
    {
        if (Cgroups is null)
        {
            return ProcStat.SessionMembers(Pid, exclude: Pid);
        }
        List<int> pids = Cgroups.Processes();
        pids.Remove(Pid);
        return pids;
    }
}

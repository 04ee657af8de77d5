using System.Collections.Concurrent;
using FastMesos.Agent.Containers;

namespace FastMesos.Agent.Tests.Runtime;

/// <summary>
/// A containerizer whose containers end when the test says so: <see cref="Exit"/> ends one with an
/// exit code, <see cref="KillAsync"/> ends it as killed, and <see cref="RecoverAs"/> decides what
/// a recovered container looks like (running unless an ending is set).
/// </summary>
internal sealed class FakeContainerizer : IContainerizer
{
    private int _nextPid = 1000;

    public string Name => "fake";

    public ConcurrentQueue<ContainerLaunch> Launches { get; } = new();

    public ConcurrentDictionary<string, FakeContainer> Containers { get; } = new();

    public ConcurrentQueue<(string ContainerId, TimeSpan Grace)> Kills { get; } = new();

    /// <summary>Container id → how the container ended while the agent was away.</summary>
    public ConcurrentDictionary<string, ContainerTermination> RecoverAs { get; } = new();

    public ConcurrentQueue<string> Recovered { get; } = new();

    /// <summary>When set, launches throw <see cref="ContainerLaunchException"/> with this message.</summary>
    public string? FailLaunches { get; set; }

    /// <summary>When set, launches wait for it (or for their cancellation), as a slow fetch would.</summary>
    public TaskCompletionSource? LaunchGate { get; set; }

    public async ValueTask<ContainerHandle> LaunchAsync(ContainerLaunch launch, CancellationToken cancellationToken)
    {
        Launches.Enqueue(launch);
        if (LaunchGate is { } gate)
            await gate.Task.WaitAsync(cancellationToken);
        if (FailLaunches is { } message)
            throw new ContainerLaunchException(message);
        var container = new FakeContainer(launch.ContainerId, Interlocked.Increment(ref _nextPid), launch.SandboxDirectory);
        Containers[launch.ContainerId] = container;
        return container;
    }

    public ContainerHandle Recover(ContainerCheckpoint checkpoint)
    {
        Recovered.Enqueue(checkpoint.ContainerId);
        var container = new FakeContainer(checkpoint.ContainerId, checkpoint.Pid, checkpoint.SandboxDirectory);
        Containers[checkpoint.ContainerId] = container;
        if (RecoverAs.TryGetValue(checkpoint.ContainerId, out ContainerTermination? ended))
            container.End(ended);
        return container;
    }

    public Task KillAsync(ContainerHandle container, TimeSpan gracePeriod)
    {
        Kills.Enqueue((container.ContainerId, gracePeriod));
        ((FakeContainer)container).End(new ContainerTermination { Signal = 15, Killed = true, Message = "Command terminated with signal Terminated" });
        return container.Exited;
    }

    public ContainerUsage? Usage(ContainerHandle container) =>
        container.Exited.IsCompleted ? null : new ContainerUsage(1.5, 0.25, 1, 64 << 20, 128 << 20, 70 << 20, 2);

    public void Exit(string containerId, int exitCode) =>
        Containers[containerId].End(new ContainerTermination { ExitCode = exitCode, Message = $"Command exited with status {exitCode}" });

    internal sealed class FakeContainer(string containerId, int pid, string sandbox) : ContainerHandle
    {
        private readonly TaskCompletionSource<ContainerTermination> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override string ContainerId => containerId;

        public override int Pid => pid;

        public override ContainerCheckpoint Checkpoint => new()
        {
            ContainerId = containerId,
            Pid = pid,
            ProcessStartTicks = 42,
            SandboxDirectory = sandbox,
            Cgroups = new Dictionary<string, string> { ["memory"] = "/sys/fs/cgroup/memory/test/" + containerId },
        };

        public override Task<ContainerTermination> Exited => _exited.Task;

        public void End(ContainerTermination termination) => _exited.TrySetResult(termination);
    }
}

using FastMesos.Agent.Containers;
using FastMesos.Messages;

namespace FastMesos.Agent.Tests.Containers;

/// <summary>
/// One test's world: a temporary work and runtime directory, and a cgroups root of its own
/// (<c>fastmesos-test-XXXX</c> beneath the test process's own cgroups) so parallel tests never share
/// cgroups. Disposing kills whatever a failed test left running and removes the cgroups and files.
/// </summary>
internal sealed class ContainerTestEnvironment : IAsyncDisposable
{
    readonly List<ProcessContainerizer> containerizers = [];
    readonly List<ContainerHandle> handles = [];
    int next;

    public ContainerTestEnvironment()
    {
        string tag = Guid.NewGuid().ToString("N")[..12];
        Root = Path.Join(Path.GetTempPath(), "fm-containers-" + tag);
        WorkDirectory = Path.Join(Root, "work");
        RuntimeDirectory = Path.Join(Root, "run");
        CgroupsRoot = "fastmesos-test-" + tag;
        Directory.CreateDirectory(WorkDirectory);
    }

    public string Root { get; }
    public string WorkDirectory { get; }
    public string RuntimeDirectory { get; }
    public string CgroupsRoot { get; }

    public ProcessContainerizerOptions Options(string isolation = "cgroups/cpu,cgroups/mem", TimeProvider? time = null) => new()
    {
        RuntimeDirectory = RuntimeDirectory,
        CgroupsRoot = CgroupsRoot,
        Isolation = isolation,
        RecoveredPollInterval = TimeSpan.FromMilliseconds(20),
        TimeProvider = time ?? TimeProvider.System,
    };

    /// <summary>A new containerizer over this environment (a second one plays the restarted agent).</summary>
    public ProcessContainerizer Containerizer(string isolation = "cgroups/cpu,cgroups/mem", TimeProvider? time = null)
    {
        var c = new ProcessContainerizer(Options(isolation, time));
        containerizers.Add(c);
        return c;
    }

    /// <summary>A shell-form launch in a fresh Mesos-layout sandbox.</summary>
    public ContainerLaunch ShellLaunch(string command, double cpus = 0.5, long memoryBytes = 64L << 20, bool cpuQuota = false) =>
        Launch(new CommandInfo { Value = command }, cpus, memoryBytes, cpuQuota);

    public ContainerLaunch Launch(CommandInfo command, double cpus = 0.5, long memoryBytes = 64L << 20, bool cpuQuota = false)
    {
        string id = "c" + Interlocked.Increment(ref next) + "-" + Guid.NewGuid().ToString("N")[..8];
        string sandbox = Sandbox.Create(WorkDirectory, "agent-1", "framework-1", "executor-" + id, id);
        return new ContainerLaunch
        {
            ContainerId = id,
            SandboxDirectory = sandbox,
            Command = command,
            Cpus = cpus,
            MemoryBytes = memoryBytes,
            CpuQuota = cpuQuota,
            Environment = new Dictionary<string, string> { ["MESOS_SANDBOX"] = sandbox, ["PATH"] = "/usr/local/bin:/usr/bin:/bin" },
        };
    }

    /// <summary>Launches and remembers the handle for cleanup.</summary>
    public async Task<ContainerHandle> LaunchAsync(ProcessContainerizer containerizer, ContainerLaunch launch)
    {
        ContainerHandle handle = await containerizer.LaunchAsync(launch, CancellationToken.None);
        handles.Add(handle);
        return handle;
    }

    public void Track(ContainerHandle handle) => handles.Add(handle);

    public async ValueTask DisposeAsync()
    {
        foreach (ContainerHandle handle in handles)
        {
            if (!handle.Exited.IsCompleted)
            {
                foreach (int pid in handle.Checkpoint.Cgroups.Count > 0 ? CgroupsV1.ReadProcs(handle.Checkpoint.Cgroups.Values.First()) : [handle.Pid])
                {
                    TryKill(pid);
                }
            }
        }
        foreach (ProcessContainerizer c in containerizers)
        {
            await c.DisposeAsync();
        }
        ProcessContainerizer last = containerizers.Count > 0 ? containerizers[^1] : new ProcessContainerizer(Options());
        // Left-over container cgroups (a failed test) are removed once their processes are gone.
        await Eventually.Until(() =>
        {
            foreach (string root in last.CgroupRootDirectories.Values)
            {
                if (Directory.Exists(root))
                {
                    foreach (string dir in Directory.GetDirectories(root))
                    {
                        CgroupsV1.TryRemove(dir);
                    }
                }
            }
            return last.TryRemoveCgroupRoots();
        }, "the test's cgroups to be removed");
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    static void TryKill(int pid)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            p.Kill();
        }
        catch (ArgumentException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>The container's directory for one controller, from its checkpoint.</summary>
    public static string CgroupOf(ContainerHandle handle, string controller) => handle.Checkpoint.Cgroups[controller];
}

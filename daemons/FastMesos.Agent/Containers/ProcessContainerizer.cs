using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FastMesos.Agent.Containers;

/// <summary>
/// The Mesos containerizer with the cgroups v1 cpu and memory isolators: each container is a
/// <see cref="Launcher"/> wrapper (own session, no pipe to the agent once started) whose child runs
/// the command in the sandbox, inside <c>&lt;own cgroup&gt;/&lt;cgroupsRoot&gt;/&lt;containerId&gt;</c>
/// for cpu, cpuacct and memory. Containers outlive the agent process; <see cref="Recover"/> reattaches.
/// Without usable cgroups (not root, no v1 hierarchy, or posix isolation) it runs the same wrapper
/// without limits and finds the container's processes through the wrapper's session.
/// </summary>
public sealed class ProcessContainerizer : IContainerizer, IAsyncDisposable
{
    /// <summary>USER_HZ, the unit of cpuacct.stat and /proc/PID/stat times (100 on every Linux ABI .NET runs on).</summary>
    internal const int UserHz = 100;

    /// <summary>How long the end of a container waits for leftover processes to die and for rmdir to succeed.</summary>
    static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The step of the short polls (drain, kill after the grace period); bounded by <see cref="DrainTimeout"/>.</summary>
    static readonly TimeSpan DrainStep = TimeSpan.FromMilliseconds(10);

    readonly ProcessContainerizerOptions options;
    readonly CgroupRoots? cgroupRoots;
    readonly Fetcher fetcher;
    readonly ILogger logger;
    readonly TimeProvider time;
    readonly ConcurrentDictionary<string, ProcessContainer?> containers = new(StringComparer.Ordinal);
    readonly CancellationTokenSource stopping = new();

    public ProcessContainerizer(ProcessContainerizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        time = options.TimeProvider;
        logger = options.Logger ?? NullLogger.Instance;
        fetcher = options.Fetcher ?? new Fetcher();
        Directory.CreateDirectory(options.RuntimeDirectory);
        CgroupIsolation isolation = CgroupsV1.ParseIsolation(options.Isolation);
        cgroupRoots = CgroupRoots.TryCreate(isolation, options.CgroupsRoot, out string? reason);
        if (cgroupRoots is null && isolation != CgroupIsolation.None)
        {
            // Logged once: every container of this agent then runs without limits.
            logger.LogWarning("cgroups isolation '{Isolation}' is not available ({Reason}); containers run without resource limits", options.Isolation, reason);
        }
    }

    public string Name => "mesos";

    /// <summary>Whether containers get cgroups (false: the posix fallback).</summary>
    public bool CgroupsEnabled => cgroupRoots is not null;

    /// <summary>Controller → the agent's cgroup root directory (empty without cgroups).</summary>
    public IReadOnlyDictionary<string, string> CgroupRootDirectories => cgroupRoots?.Roots ?? new Dictionary<string, string>();

    /// <summary>Removes the agent's cgroup roots when no container is left in them; false when some remain.</summary>
    public bool TryRemoveCgroupRoots() => cgroupRoots?.TryRemoveRoots() ?? true;

    public async ValueTask<ContainerHandle> LaunchAsync(ContainerLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        string id = launch.ContainerId;
        if (string.IsNullOrEmpty(id) || id.Contains('/') || id is "." or "..")
        {
            throw new ContainerLaunchException($"Invalid container id '{id}'");
        }
        if (!containers.TryAdd(id, null))
        {
            throw new ContainerLaunchException($"Container '{id}' already exists");
        }
        ContainerCgroups? cgroups = null;
        string meta = MetaDirectory(id);
        Process? process = null;
        try
        {
            (uint Uid, uint Gid)? user = null;
            if (launch.User is { } userName)
            {
                user = Posix.LookupUser(userName) ?? throw new ContainerLaunchException($"Failed to launch container: no such user '{userName}'");
            }
            await fetcher.FetchAsync(launch.Command.Uris, launch.SandboxDirectory, cancellationToken).ConfigureAwait(false);
            if (user is { } owner)
            {
                // Like Mesos: the task owns its sandbox, fetched files and its log files included
                // (the launcher appends to stdout and stderr, so they keep this owner).
                File.AppendAllText(Path.Join(launch.SandboxDirectory, "stdout"), "");
                File.AppendAllText(Path.Join(launch.SandboxDirectory, "stderr"), "");
                ChangeOwnerRecursively(launch.SandboxDirectory, owner.Uid, owner.Gid);
            }
            Directory.CreateDirectory(meta);
            File.Delete(Path.Join(meta, Launcher.StatusFile));
            cgroups = cgroupRoots?.Create(id);
            cgroups?.Apply(launch.Cpus, launch.CpuQuota, launch.MemoryBytes);

            ProcessStartInfo psi = Launcher.StartInfo(launch, meta, cgroups?.ProcsFiles() ?? [], user);
            try
            {
                process = Process.Start(psi) ?? throw new ContainerLaunchException("Failed to launch container: no process");
            }
            catch (Win32Exception e)
            {
                throw new ContainerLaunchException($"Failed to launch container: {e.Message}", e);
            }
            // Read now: the wrapper cannot have ended yet (it waits for its command), and the start
            // time, set at fork, is what tells this process from a later one with the same pid.
            long startTicks = ProcStat.TryRead(process.Id)?.StartTicks ?? 0;
            string? line = await ReadReadyLineAsync(process, cancellationToken).ConfigureAwait(false);
            if (line != Launcher.ReadyLine)
            {
                throw new ContainerLaunchException("Failed to launch container: " + (line ?? "the launcher exited before it was ready"));
            }
            // Our end of the only pipe: the wrapper has already moved its stdout to the sandbox.
            process.StandardOutput.Dispose();
            var checkpoint = new ContainerCheckpoint
            {
                ContainerId = id,
                Pid = process.Id,
                ProcessStartTicks = startTicks,
                SandboxDirectory = launch.SandboxDirectory,
                Cgroups = cgroups is null ? new Dictionary<string, string>() : new Dictionary<string, string>(cgroups.Directories),
            };
            var container = new ProcessContainer(checkpoint, cgroups, meta, process);
            containers[id] = container;
            _ = WatchChildAsync(container);
            return container;
        }
        catch (Exception e)
        {
            await AbortLaunchAsync(process, cgroups, meta).ConfigureAwait(false);
            containers.TryRemove(id, out _);
            if (e is ContainerLaunchException or OperationCanceledException)
            {
                throw;
            }
            throw new ContainerLaunchException($"Failed to launch container: {e.Message}", e);
        }
    }

    public ContainerHandle Recover(ContainerCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ContainerCgroups? cgroups = checkpoint.Cgroups.Count > 0 ? new ContainerCgroups(new Dictionary<string, string>(checkpoint.Cgroups)) : null;
        var container = new ProcessContainer(checkpoint, cgroups, MetaDirectory(checkpoint.ContainerId), process: null);
        if (!containers.TryAdd(checkpoint.ContainerId, container))
        {
            throw new InvalidOperationException($"Container '{checkpoint.ContainerId}' is already known to this containerizer");
        }
        if (checkpoint.ProcessStartTicks != 0 && ProcStat.IsAlive(checkpoint.Pid, checkpoint.ProcessStartTicks))
        {
            _ = WatchRecoveredAsync(container);
        }
        else
        {
            // Usually completes synchronously: nothing is left to drain, so Exited is done on return.
            _ = FinishAsync(container, wrapperExitCode: null, recovered: true);
        }
        return container;
    }

    public async Task KillAsync(ContainerHandle container, TimeSpan gracePeriod)
    {
        ProcessContainer c = container as ProcessContainer ?? throw new ArgumentException("Not a container of this containerizer", nameof(container));
        if (c.IsEnded)
        {
            return;
        }
        c.MarkKilled();
        // Right after a launch the wrapper may not have forked the command yet: give it a moment, so
        // a task that honours SIGTERM gets it rather than a SIGKILL after the grace period.
        List<int> pids = await CommandProcessesAsync(c).ConfigureAwait(false);
        Signal(pids, Posix.SigTerm);
        if (!await EndsWithinAsync(c, gracePeriod < TimeSpan.Zero ? TimeSpan.Zero : gracePeriod).ConfigureAwait(false))
        {
            Signal(c.ProcessesExceptWrapper(), Posix.SigKill);
        }
        if (!await EndsWithinAsync(c, DrainTimeout).ConfigureAwait(false))
        {
            // The wrapper itself is stuck (it never is unless stopped): end it; its exit ends the container.
            Posix.Kill(c.Pid, Posix.SigKill);
        }
        await c.Exited.ConfigureAwait(false);
    }

    public ContainerUsage? Usage(ContainerHandle container)
    {
        ProcessContainer c = container as ProcessContainer ?? throw new ArgumentException("Not a container of this containerizer", nameof(container));
        if (c.IsEnded)
        {
            return null;
        }
        if (c.Cgroups is { } cg)
        {
            var cpu = cg.CpuTimes();
            var mem = cg.MemoryFigures();
            if (cpu is not null && mem is not null)
            {
                return new ContainerUsage(cpu.Value.User, cpu.Value.System, cg.CpusLimit() ?? 0, mem.Value.Rss, mem.Value.Limit, mem.Value.MaxUsage, cg.Processes().Count);
            }
        }
        // posix/cpu, posix/mem: sum /proc over the wrapper's session.
        List<int> pids = c.ProcessesExceptWrapper();
        pids.Add(c.Pid);
        long user = 0, system = 0, rssPages = 0;
        int count = 0;
        foreach (int pid in pids)
        {
            if (ProcStat.TryRead(pid) is { IsZombie: false } s)
            {
                user += s.UserTicks;
                system += s.SystemTicks;
                rssPages += s.RssPages;
                count++;
            }
        }
        long rss = rssPages * Environment.SystemPageSize;
        return new ContainerUsage(user / (double)UserHz, system / (double)UserHz, c.Cgroups?.CpusLimit() ?? 0, rss, c.Cgroups?.MemoryFigures()?.Limit ?? 0, rss, count);
    }

    /// <summary>
    /// Stops watching: containers keep running, exactly as when the agent process exits, and a new
    /// instance can <see cref="Recover"/> them. Handles of this instance never complete afterwards.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        // Not disposed: watchers still read its (cancelled) token.
        stopping.Cancel();
        foreach (ProcessContainer? c in containers.Values)
        {
            // Disposing the Process frees our side only; the wrapper keeps running.
            c?.Process?.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    string MetaDirectory(string containerId) => Path.Join(options.RuntimeDirectory, "containers", containerId);

    async Task<string?> ReadReadyLineAsync(Process process, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.LaunchTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            return await process.StandardOutput.ReadLineAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ContainerLaunchException($"Failed to launch container: the launcher was not ready within {options.LaunchTimeout}");
        }
    }

    async Task AbortLaunchAsync(Process? process, ContainerCgroups? cgroups, string meta)
    {
        if (process is not null)
        {
            try
            {
                if (cgroups is not null)
                {
                    Signal(cgroups.Processes(), Posix.SigKill);
                }
                Posix.Kill(process.Id, Posix.SigKill);
                using var cts = new CancellationTokenSource(DrainTimeout, time);
                await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
            {
                logger.LogWarning("A failed launch's launcher did not exit: {Error}", e.Message);
            }
            process.Dispose();
        }
        if (cgroups is not null)
        {
            await RemoveCgroupsAsync(cgroups).ConfigureAwait(false);
        }
        TryDeleteDirectory(meta);
    }

    async Task WatchChildAsync(ProcessContainer c)
    {
        Process process = c.Process!;
        try
        {
            await process.WaitForExitAsync(stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        int code = process.ExitCode;
        process.Dispose();
        await FinishAsync(c, code, recovered: false).ConfigureAwait(false);
    }

    async Task WatchRecoveredAsync(ProcessContainer c)
    {
        // Not our child: nothing to wait on but /proc. The start time guards against pid reuse.
        while (ProcStat.IsAlive(c.Pid, c.Checkpoint.ProcessStartTicks))
        {
            try
            {
                await Task.Delay(options.RecoveredPollInterval, time, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        await FinishAsync(c, wrapperExitCode: null, recovered: false).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends a container once its wrapper is gone: kills what it left behind, reads the exit status and
    /// the OOM counter, removes the cgroups and the runtime directory, then completes Exited. Never throws.
    /// </summary>
    async Task FinishAsync(ProcessContainer c, int? wrapperExitCode, bool recovered)
    {
        ContainerTermination termination;
        try
        {
            int? status = ReadStatus(c.RuntimeDirectory) ?? wrapperExitCode;
            await DrainAsync(c).ConfigureAwait(false);
            (long, long)? oom = null;
            if (c.Cgroups is { } cg && cg.OomKilled() && cg.MemoryFigures() is { } mem)
            {
                oom = (mem.Limit, mem.MaxUsage);
            }
            if (c.Cgroups is not null)
            {
                await RemoveCgroupsAsync(c.Cgroups).ConfigureAwait(false);
            }
            TryDeleteDirectory(c.RuntimeDirectory);
            termination = Terminations.From(status, c.Killed, recovered, oom);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Cleaning up container {ContainerId} failed", c.ContainerId);
            termination = new ContainerTermination { Killed = c.Killed, Recovered = recovered, Message = "Container cleanup failed: " + e.Message };
        }
        containers.TryRemove(new KeyValuePair<string, ProcessContainer?>(c.ContainerId, c));
        c.Complete(termination);
    }

    /// <summary>SIGKILLs whatever the command left behind (daemonized children) until none is left, within a bound.</summary>
    async Task DrainAsync(ProcessContainer c)
    {
        long deadline = time.GetTimestamp() + (long)(DrainTimeout.TotalSeconds * time.TimestampFrequency);
        for (List<int> left = c.ProcessesExceptWrapper(); left.Count > 0; left = c.ProcessesExceptWrapper())
        {
            Signal(left, Posix.SigKill);
            if (time.GetTimestamp() > deadline)
            {
                logger.LogWarning("Container {ContainerId}: processes {Pids} survived SIGKILL", c.ContainerId, string.Join(',', left));
                return;
            }
            await Task.Delay(DrainStep, time).ConfigureAwait(false);
        }
    }

    /// <summary>rmdir each cgroup, retrying while exiting tasks still hold it.</summary>
    async Task RemoveCgroupsAsync(ContainerCgroups cgroups)
    {
        long deadline = time.GetTimestamp() + (long)(DrainTimeout.TotalSeconds * time.TimestampFrequency);
        while (!cgroups.TryRemoveNow())
        {
            if (time.GetTimestamp() > deadline)
            {
                logger.LogWarning("Cgroups {Cgroups} could not be removed", string.Join(',', cgroups.DistinctDirectories()));
                return;
            }
            await Task.Delay(DrainStep, time).ConfigureAwait(false);
        }
    }

    /// <summary>The command's processes; waits (bounded) for the wrapper to fork when none is there yet.</summary>
    async Task<List<int>> CommandProcessesAsync(ProcessContainer c)
    {
        List<int> pids = c.ProcessesExceptWrapper();
        for (int i = 0; pids.Count == 0 && !c.IsEnded && i < 100; i++)
        {
            await Task.Delay(DrainStep, time).ConfigureAwait(false);
            pids = c.ProcessesExceptWrapper();
        }
        return pids;
    }

    async Task<bool> EndsWithinAsync(ProcessContainer c, TimeSpan timeout)
    {
        if (c.IsEnded)
        {
            return true;
        }
        using var cts = new CancellationTokenSource();
        Task delay = Task.Delay(timeout, time, cts.Token);
        Task first = await Task.WhenAny(c.Exited, delay).ConfigureAwait(false);
        cts.Cancel();
        return first != delay;
    }

    static void Signal(List<int> pids, int signal)
    {
        foreach (int pid in pids)
        {
            Posix.Kill(pid, signal);
        }
    }

    static void ChangeOwnerRecursively(string directory, uint uid, uint gid)
    {
        Posix.ChangeOwner(directory, uid, gid);
        foreach (string entry in Directory.EnumerateFileSystemEntries(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            Posix.ChangeOwner(entry, uid, gid);
        }
    }

    static int? ReadStatus(string runtimeDirectory)
    {
        try
        {
            string text = File.ReadAllText(Path.Join(runtimeDirectory, Launcher.StatusFile)).Trim();
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int status) ? status : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    static void TryDeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Already gone, or busy: a leftover runtime directory is harmless.
        }
    }
}

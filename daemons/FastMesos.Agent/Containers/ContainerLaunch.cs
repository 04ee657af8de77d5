using FastMesos.Messages;

namespace FastMesos.Agent.Containers;

/// <summary>What to run and within which limits; built by the agent runtime from a RunTask.</summary>
public sealed record ContainerLaunch
{
    /// <summary>Unique per executor run (a GUID string); names the cgroups and the checkpoint.</summary>
    public required string ContainerId { get; init; }

    /// <summary>The sandbox directory, already created; stdout and stderr files go here and the process runs here.</summary>
    public required string SandboxDirectory { get; init; }

    /// <summary>
    /// The command: shell form runs <c>/bin/sh -c Value</c>; otherwise Mesos' <c>execlp(Value, Arguments[0], Arguments[1], ...)</c>,
    /// i.e. <c>Arguments[0]</c> is argv[0] (which the process containerizer cannot set: it runs <c>Value Arguments[1..]</c>).
    /// Its <c>Uris</c> are fetched into the sandbox first; its <c>Environment</c> adds to <see cref="Environment"/> without overriding it.
    /// </summary>
    public required CommandInfo Command { get; init; }

    /// <summary>
    /// The full environment of the task: the Mesos variables (MESOS_TASK_ID, MESOS_SANDBOX, PORTS, ...) merged with the command's own.
    /// Nothing of the agent's environment leaks in; PATH defaults to the usual system path when absent.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>CPU share (cpu.shares = 1024 × cpus, at least 2); with <see cref="CpuQuota"/> also a CFS quota.</summary>
    public double Cpus { get; init; }

    /// <summary>Memory limit in bytes (memory.limit_in_bytes and soft limit, at least 32 MiB as in Mesos); 0 = unlimited.</summary>
    public long MemoryBytes { get; init; }

    /// <summary>
    /// Run the command as this user (Mesos <c>--switch_user</c> with the framework's or the command's user):
    /// the sandbox is chowned to the user and the command runs with its uid, primary gid and groups.
    /// Null runs it as the agent's user. The launcher itself stays with the agent's user, so it can
    /// always record the exit status.
    /// </summary>
    public string? User { get; init; }

    /// <summary>Whether to enforce a CFS quota (cpu.cfs_quota_us) in addition to shares (Mesos <c>--cgroups_enable_cfs</c>).</summary>
    public bool CpuQuota { get; init; }
}

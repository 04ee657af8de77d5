using Microsoft.Extensions.Logging;

namespace FastMesos.Agent.Containers;

/// <summary>Settings of the <see cref="ProcessContainerizer"/>, named after the Mesos agent flags they mirror.</summary>
public sealed record ProcessContainerizerOptions
{
    /// <summary>
    /// Where per-container runtime files live (the wrapper's exit status), like Mesos <c>--runtime_dir</c>.
    /// Must survive an agent restart (not a tmpfs cleared by the agent's supervisor).
    /// </summary>
    public required string RuntimeDirectory { get; init; }

    /// <summary>Mesos <c>--isolation</c>: <c>cgroups/cpu,cgroups/mem</c> (default) enforces; <c>posix/cpu,posix/mem</c> or empty does not.</summary>
    public string Isolation { get; init; } = "cgroups/cpu,cgroups/mem";

    /// <summary>Mesos <c>--cgroups_root</c>: the subtree beneath the agent's own cgroup that holds the containers.</summary>
    public string CgroupsRoot { get; init; } = "fastmesos";

    /// <summary>Downloads the launch's URIs into the sandbox; null = a <see cref="Fetcher"/> with defaults.</summary>
    public Fetcher? Fetcher { get; init; }

    /// <summary>Clock for the kill grace period and the recovered containers' polling.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How often a recovered container (not this process's child) is checked for exit.</summary>
    public TimeSpan RecoveredPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a launch waits for the wrapper to report that it is inside its cgroups.</summary>
    public TimeSpan LaunchTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public ILogger? Logger { get; init; }
}

namespace FastMesos.Agent.Runtime.Health;

/// <summary>
/// Where a task's checks run: COMMAND checks in the task's environment and sandbox, joined to the
/// task's cgroups (<see cref="CgroupProcsFiles"/>, the container's <c>cgroup.procs</c> files) so
/// they count against its limits as Mesos' nested check containers do; HTTP and TCP checks against
/// 127.0.0.1 (the process containerizer shares the host's network namespace).
/// </summary>
internal sealed record HealthCheckTarget(IReadOnlyDictionary<string, string> Environment, string Sandbox, IReadOnlyList<string> CgroupProcsFiles);

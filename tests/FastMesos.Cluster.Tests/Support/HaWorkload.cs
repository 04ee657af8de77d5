using FastMesos.Messages;
using FastMesos.Scheduler;

namespace FastMesos.Cluster.Tests.Support;

/// <summary>
/// What a master failover must keep: the agent processes and their ids, the framework's driver and
/// its recorded callbacks, and the pids of the running task processes.
/// </summary>
internal sealed record HaWorkload(
    ChildProcess[] Agents,
    List<string> AgentIds,
    SchedulerDriver Driver,
    RecordingScheduler Scheduler,
    FrameworkId FrameworkId,
    List<int> TaskPids);

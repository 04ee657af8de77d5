using FastMesos.Master;
using FastMesos.Messages;

namespace FastMesos.Scheduler.Tests;

/// <summary>Builds drivers against a test master and tasks for the fake agent.</summary>
internal static class DriverHarness
{
    public static FrameworkInfo Framework(string name = "test-fw", double failoverTimeout = 0, FrameworkId? id = null) => new()
    {
        User = "root",
        Name = name,
        Id = id,
        FailoverTimeoutSeconds = failoverTimeout,
    };

    public static SchedulerDriver Driver(MasterServer master, ISchedulerCallbacks callbacks, FrameworkInfo? framework = null,
        bool implicitAcks = true, TimeProvider? time = null) =>
        new(new SchedulerDriverOptions
        {
            Master = master.LocalEndPoint,
            Framework = framework ?? Framework(),
            ImplicitAcknowledgements = implicitAcks,
            TimeProvider = time ?? TimeProvider.System,
            Reconnect = new() { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200) },
        }, callbacks);

    public static TaskInfo Task(string id, Offer offer, string command, string resources = "cpus:0.5;mem:64") => new()
    {
        Name = id,
        TaskId = new TaskId(id),
        AgentId = offer.AgentId,
        Resources = Resources.Parse(resources),
        Command = new CommandInfo { Value = command },
    };
}

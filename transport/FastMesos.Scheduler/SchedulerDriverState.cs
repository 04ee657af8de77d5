namespace FastMesos.Scheduler;

/// <summary>Where a <see cref="SchedulerDriver"/> is in its life (Mesos' driver <c>Status</c>).</summary>
public enum SchedulerDriverState
{
    NotStarted = 0,

    /// <summary>Started: connected and subscribed, or reconnecting.</summary>
    Running = 1,

    /// <summary>Stopped by <see cref="SchedulerDriver.StopAsync"/> or disposal.</summary>
    Stopped = 2,

    /// <summary>Stopped because the master refused or ended the subscription for good.</summary>
    Aborted = 3,
}

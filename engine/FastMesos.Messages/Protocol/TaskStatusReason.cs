namespace FastMesos.Messages;

/// <summary>
/// Why a task reached its state (Mesos <c>TaskStatus.Reason</c>, with Mesos' numbers; the v1 names
/// use AGENT where v0 says SLAVE). Optional on the wire: 0 is a real reason, so "none" is null.
/// </summary>
public enum TaskStatusReason
{
    CommandExecutorFailed = 0,
    ExecutorTerminated = 1,
    ExecutorUnregistered = 2,
    FrameworkRemoved = 3,
    GcError = 4,
    InvalidFrameworkId = 5,
    InvalidOffers = 6,
    MasterDisconnected = 7,
    ContainerLimitationMemory = 8,
    Reconciliation = 9,
    AgentDisconnected = 10,
    AgentRemoved = 11,
    AgentRestarted = 12,
    AgentUnknown = 13,
    TaskInvalid = 14,
    TaskUnauthorized = 15,
    TaskUnknown = 16,
    ContainerPreempted = 17,
    ResourcesUnknown = 18,
    ContainerLimitation = 19,
    ContainerLimitationDisk = 20,
    ContainerLaunchFailed = 21,
    ContainerUpdateFailed = 22,
    ExecutorRegistrationTimeout = 23,
    ExecutorReregistrationTimeout = 24,
    TaskGroupInvalid = 25,
    TaskGroupUnauthorized = 26,
    IoSwitchboardExited = 27,
    TaskCheckStatusUpdated = 28,
    TaskHealthCheckStatusUpdated = 29,
    TaskKilledDuringLaunch = 30,
    AgentRemovedByOperator = 31,
    AgentReregistered = 32,
    MaxCompletionTimeReached = 33,
}

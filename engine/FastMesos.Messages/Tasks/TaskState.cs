namespace FastMesos.Messages;

/// <summary>Mesos' task states with their protobuf numbers (<c>mesos.proto</c> TaskState).</summary>
public enum TaskState
{
    Starting = 0,
    Running = 1,
    Finished = 2,
    Failed = 3,
    Killed = 4,
    Lost = 5,
    Staging = 6,
    Error = 7,
    Killing = 8,
    Dropped = 9,
    Unreachable = 10,
    Gone = 11,
    GoneByOperator = 12,
    Unknown = 13,
}

namespace FastMesos.Messages;

/// <summary>Who produced a status update (Mesos <c>TaskStatus.Source</c>).</summary>
public enum TaskStatusSource
{
    Master = 0,
    Agent = 1,
    Executor = 2,
}

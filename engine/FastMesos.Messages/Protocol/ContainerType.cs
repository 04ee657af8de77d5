namespace FastMesos.Messages;

/// <summary>Which containerizer runs a task (Mesos <c>ContainerInfo.Type</c>: DOCKER=1, MESOS=2).</summary>
public enum ContainerType
{
    Docker = 1,
    Mesos = 2,
}

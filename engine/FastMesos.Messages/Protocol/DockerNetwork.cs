namespace FastMesos.Messages;

/// <summary>A Docker container's network mode (Mesos <c>ContainerInfo.DockerInfo.Network</c>).</summary>
public enum DockerNetwork
{
    Host = 1,
    Bridge = 2,
    None = 3,
    User = 4,
}

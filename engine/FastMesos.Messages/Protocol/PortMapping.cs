namespace FastMesos.Messages;

/// <summary>A host port forwarded to a container port (Mesos <c>PortMapping</c>); protocol is <c>tcp</c> when unset.</summary>
public readonly record struct PortMapping(uint HostPort, uint ContainerPort, string? Protocol = null);

namespace FastMesos.Agent.Containers;

/// <summary>A container could not start (fetch failed, cgroup refused, exec failed); the message goes into TASK_FAILED.</summary>
public sealed class ContainerLaunchException(string message, Exception? inner = null) : Exception(message, inner);

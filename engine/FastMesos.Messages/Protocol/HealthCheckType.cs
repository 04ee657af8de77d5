namespace FastMesos.Messages;

/// <summary>How a health check probes a task (Mesos <c>HealthCheck.Type</c>: COMMAND=1, HTTP=2, TCP=3).</summary>
public enum HealthCheckType
{
    Command = 1,
    Http = 2,
    Tcp = 3,
}

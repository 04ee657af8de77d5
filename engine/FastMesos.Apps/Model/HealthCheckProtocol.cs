namespace FastMesos.Apps.Model;

/// <summary>
/// Marathon-level (run by the scheduler: HTTP, HTTPS, TCP) and Mesos-level (run by the executor:
/// MESOS_HTTP, MESOS_HTTPS, MESOS_TCP, COMMAND) health-check protocols.
/// </summary>
public enum HealthCheckProtocol : byte
{
    Http,
    Https,
    Tcp,
    MesosHttp,
    MesosHttps,
    MesosTcp,
    Command,
}

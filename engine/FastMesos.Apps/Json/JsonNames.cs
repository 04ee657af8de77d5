namespace FastMesos.Apps.Json;

/// <summary>Marathon's spelling of each model enum, indexed by the enum's value (reader and writer share them).</summary>
internal static class JsonNames
{
    public static readonly string[] ContainerTypes = ["DOCKER", "MESOS"];
    public static readonly string[] NetworkModes = ["host", "container", "container/bridge"];
    public static readonly string[] KillSelections = ["YOUNGEST_FIRST", "OLDEST_FIRST"];
    public static readonly string[] HealthProtocols = ["HTTP", "HTTPS", "TCP", "MESOS_HTTP", "MESOS_HTTPS", "MESOS_TCP", "COMMAND"];
    public static readonly string[] DockerNetworks = ["HOST", "BRIDGE", "USER", "NONE"];
    public static readonly string[] VolumeModes = ["RO", "RW"];
    public static readonly string[] ReadinessProtocols = ["HTTP", "HTTPS"];
    public static readonly string[] IpProtocols = ["IPv4", "IPv6"];
    public static readonly string[] PersistentTypes = ["root", "path", "mount"];
    public static readonly string[] CheckKinds = ["http", "tcp", "exec"];
}

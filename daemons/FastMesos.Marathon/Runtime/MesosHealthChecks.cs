using FastMesos.Apps.Model;
using MesosHealthCheck = FastMesos.Messages.HealthCheck;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// Marathon's Mesos-level health checks (MESOS_HTTP, MESOS_HTTPS, MESOS_TCP, COMMAND) as the
/// TaskInfo <c>health_check</c> the agent runs (specs/marathon.md §4): grace, interval, timeout and
/// delay are passed as they are, <c>maxConsecutiveFailures</c> becomes Mesos'
/// <c>consecutive_failures</c> (Mesos kills at that count, so 0 kills on the first failure), and the
/// port is the host port the task was given at <c>portIndex</c> (or the fixed <c>port</c>).
/// Marathon never probes these itself; their verdicts come back in status updates.
/// </summary>
internal static class MesosHealthChecks
{
    /// <summary>The index of the app's Mesos-level check in <c>healthChecks</c> (validation allows at most one), or -1.</summary>
    public static int IndexOf(AppDefinition app)
    {
        IReadOnlyList<HealthCheck> checks = app.HealthChecks;
        for (int i = 0; i < checks.Count; i++)
        {
            if (checks[i].IsMesosLevel)
                return i;
        }
        return -1;
    }

    /// <summary>The health_check of a task of <paramref name="app"/> given <paramref name="hostPorts"/>; null when the app has no Mesos-level check.</summary>
    public static MesosHealthCheck? ForTask(AppDefinition app, ReadOnlySpan<ulong> hostPorts)
    {
        int index = IndexOf(app);
        if (index < 0)
            return null;
        HealthCheck check = app.HealthChecks[index];
        uint port = 0;
        if (check.Protocol != HealthCheckProtocol.Command)
        {
            if (check.Port is { } fixedPort)
                port = (uint)fixedPort;
            else if ((check.PortIndex ?? 0) is var portIndex && portIndex < hostPorts.Length)
                port = (uint)hostPorts[portIndex];
            else
                return null;   // No port to probe (validation normally rejects this app).
        }

        return new MesosHealthCheck
        {
            Type = check.Protocol switch
            {
                HealthCheckProtocol.Command => Messages.HealthCheckType.Command,
                HealthCheckProtocol.MesosTcp => Messages.HealthCheckType.Tcp,
                _ => Messages.HealthCheckType.Http,
            },
            DelaySeconds = check.DelaySeconds,
            IntervalSeconds = check.IntervalSeconds,
            TimeoutSeconds = check.TimeoutSeconds,
            ConsecutiveFailures = (uint)Math.Max(0, check.MaxConsecutiveFailures),
            GracePeriodSeconds = check.GracePeriodSeconds,
            Command = check.Protocol == HealthCheckProtocol.Command ? new Messages.CommandInfo { Value = check.Command ?? "" } : null,
            Port = port,
            Path = check.IsHttpLike ? check.Path ?? "/" : null,
            Scheme = check.Protocol == HealthCheckProtocol.MesosHttps ? "https" : check.Protocol == HealthCheckProtocol.MesosHttp ? "http" : null,
        };
    }
}

using FastMesos.Apps.Model;

namespace FastMesos.Apps.Validation;

/// <summary>Health-check (specs/marathon.md §4), Mesos check and readiness-check (§5.4) rules.</summary>
internal static class CheckValidator
{
    public const string PortIndexOutOfRange =
        "Health check port indices must address an element of the ports array or container port mappings.";
    public const string OneMesosHealthCheck = "AppDefinition can contain at most one Mesos health check";

    public static void Collect(AppDefinition app, ErrorCollector errors, string prefix)
    {
        int portCount = PortCount(app);
        int mesosChecks = 0, commandChecks = 0;
        for (int i = 0; i < app.HealthChecks.Count; i++)
        {
            HealthCheck h = app.HealthChecks[i];
            string p = Rules.Index(prefix + "/healthChecks", i);
            Rules.AtLeast(errors, p + "/gracePeriodSeconds", h.GracePeriodSeconds, 0);
            Rules.AtLeast(errors, p + "/intervalSeconds", h.IntervalSeconds, 1);
            Rules.AtLeast(errors, p + "/timeoutSeconds", h.TimeoutSeconds, 1);
            Rules.AtLeast(errors, p + "/maxConsecutiveFailures", h.MaxConsecutiveFailures, 0);
            Rules.AtLeast(errors, p + "/delaySeconds", h.DelaySeconds, 0);
            if (h.IsMesosLevel)
            {
                mesosChecks++;
                if (h.Protocol == HealthCheckProtocol.Command)
                    commandChecks++;
            }
            if (h.Protocol == HealthCheckProtocol.Command)
            {
                if (string.IsNullOrEmpty(h.Command))
                    errors.Add(p + "/command", "must not be empty");
                continue;
            }
            if (h.Path is not null && !h.IsHttpLike)
                errors.Add(p + "/path", "Health check protocol must match supported ones");
            if (h.Port is int port)
                Rules.Between(errors, p + "/port", port, 0, 65535);
            // Marathon checks port indices of its own (HTTP, HTTPS, TCP) checks only; without an
            // index the check needs a fixed port or exactly one port to default to.
            bool marathonLevel = !h.IsMesosLevel;
            if (marathonLevel && (h.PortIndex is int index ? index < 0 || index >= portCount : h.Port is null && portCount != 1))
                errors.Add(p, PortIndexOutOfRange);
            if (h.IpProtocol == "IPv6"
                && !(app.Container is { Type: ContainerType.Docker } && h.Protocol is HealthCheckProtocol.MesosHttp or HealthCheckProtocol.MesosHttps or HealthCheckProtocol.MesosTcp))
            {
                errors.Add(p + "/ipProtocol", "IPv6 can only be used for container type DOCKER and Mesos http/https/tcp health checks");
            }
        }
        // Legacy apps with several COMMAND checks are tolerated (specs §4): only the others count.
        if (mesosChecks - commandChecks > 1)
            errors.Add(prefix + "/healthChecks", OneMesosHealthCheck);

        if (app.Check is { } c)
        {
            string p = prefix + "/check";
            Rules.AtLeast(errors, p + "/intervalSeconds", c.IntervalSeconds, 1);
            Rules.AtLeast(errors, p + "/timeoutSeconds", c.TimeoutSeconds, 1);
            Rules.AtLeast(errors, p + "/delaySeconds", c.DelaySeconds, 0);
            if (c.Kind.Length == 0)
                errors.Add(p, "check must have exactly one of http, tcp or exec");
            else if (c.Kind == "exec" && string.IsNullOrEmpty(c.Command))
                errors.Add(p + "/exec/command/shell", "must not be empty");
            else if (c.Kind != "exec" && c.PortIndex is int index && (index < 0 || index >= portCount))
                errors.Add(p, "Check port index must address an element of the ports array or container port mappings.");
        }

        Readiness(app, errors, prefix);
    }

    private static void Readiness(AppDefinition app, ErrorCollector errors, string prefix)
    {
        if (app.ReadinessChecks.Count > 1)
            errors.Add(prefix + "/readinessChecks", "got " + app.ReadinessChecks.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + ", expected 1 or less");
        for (int i = 0; i < app.ReadinessChecks.Count; i++)
        {
            ReadinessCheck r = app.ReadinessChecks[i];
            string p = Rules.Index(prefix + "/readinessChecks", i);
            if (r.Name.Length == 0)
                errors.Add(p + "/name", "must not be empty");
            if (r.Path.Length == 0)
                errors.Add(p + "/path", "must not be empty");
            if (r.Protocol is not ("HTTP" or "HTTPS"))
                errors.Add(p + "/protocol", "must be HTTP or HTTPS");
            Rules.AtLeast(errors, p + "/intervalSeconds", r.IntervalSeconds, 1);
            Rules.AtLeast(errors, p + "/timeoutSeconds", r.TimeoutSeconds, 1);
            Rules.LessThan(errors, p + "/timeoutSeconds", r.TimeoutSeconds, r.IntervalSeconds);
            if (r.HttpStatusCodesForReady.Count == 0)
                errors.Add(p + "/httpStatusCodesForReady", "must not be empty");
            if (!HasPortName(app, r.PortName))
                errors.Add(p + "/portName", "No port definition reference for portName " + r.PortName);
        }
    }

    /// <summary>The ports a portIndex may address: the container's port mappings when it has any, else the port definitions.</summary>
    internal static int PortCount(AppDefinition app) =>
        app.Container is { PortMappings.Count: > 0 } c ? c.PortMappings.Count : app.PortDefinitions.Count;

    private static bool HasPortName(AppDefinition app, string name)
    {
        foreach (PortDefinition d in app.PortDefinitions)
        {
            if (d.Name == name)
                return true;
        }
        if (app.Container is not null)
        {
            foreach (PortMapping m in app.Container.PortMappings)
            {
                if (m.Name == name)
                    return true;
            }
        }
        return false;
    }
}

using FastMesos.Apps.Model;

namespace FastMesos.Apps.Validation;

/// <summary>Rules for <c>container</c>, volumes, <c>networks</c> and the port declarations.</summary>
internal static class ContainerValidator
{
    public static void Collect(AppDefinition app, AppValidationContext context, ErrorCollector errors, string prefix)
    {
        Networks(app, context, errors, prefix);
        PortDefinitions(app, errors, prefix);
        if (app.Container is not { } c)
            return;
        string p = prefix + "/container";
        if (c.Type == ContainerType.Docker && c.Docker is null)
            errors.Add(p + "/docker", "must not be empty");
        if (c.Docker is { } d)
        {
            if (string.IsNullOrWhiteSpace(d.Image))
                errors.Add(p + "/docker/image", "must not be empty");
            if (c.Type == ContainerType.Mesos)
            {
                if (d.Privileged)
                    errors.Add(p + "/docker/privileged", "Privileged containers are only supported by the Docker containerizer");
                if (d.Parameters.Count > 0)
                    errors.Add(p + "/docker/parameters", "Parameters are only supported by the Docker containerizer");
            }
        }
        PortMappings(app, c, errors, p);
        for (int i = 0; i < c.Volumes.Count; i++)
            Volume(c.Volumes[i], errors, Rules.Index(p + "/volumes", i));
    }

    private static void Networks(AppDefinition app, AppValidationContext context, ErrorCollector errors, string prefix)
    {
        string p = prefix + "/networks";
        int host = 0, container = 0, bridge = 0;
        for (int i = 0; i < app.Networks.Count; i++)
        {
            Network n = app.Networks[i];
            switch (n.Mode)
            {
                case NetworkMode.Host:
                    host++;
                    break;
                case NetworkMode.ContainerBridge:
                    bridge++;
                    break;
                default:
                    container++;
                    if (n.Name is null && context.DefaultNetworkName is null)
                        errors.Add(Rules.Whole(prefix), "Network name must be specified when container network is selected.");
                    break;
            }
            if (n.Mode != NetworkMode.Container && n.Name is not null)
                errors.Add(Rules.Index(p, i) + "/name", "must be empty");
        }
        if (host > 0 && app.Networks.Count > 1)
            errors.Add(p, "host networks may not be combined with other network types");
        if (bridge > 1 || (bridge > 0 && container > 0))
            errors.Add(p, "bridge networks may not be combined with other network types");
        if (container > 1 && app.Container is { Type: ContainerType.Docker })
            errors.Add(Rules.Whole(prefix), "may only specify a single container network when using the Docker container engine");
        if (host > 0 && app.Container is { PortMappings.Count: > 0 })
            errors.Add(Rules.Whole(prefix), "portMappings are not allowed with host-networking");
    }

    private static void PortDefinitions(AppDefinition app, ErrorCollector errors, string prefix)
    {
        string p = prefix + "/portDefinitions";
        if (app.PortDefinitions.Count > 0 && !app.IsHostNetworking)
            errors.Add(Rules.Whole(prefix), "portDefinitions are only allowed with host-networking");
        var ports = new HashSet<int>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < app.PortDefinitions.Count; i++)
        {
            PortDefinition d = app.PortDefinitions[i];
            string dp = Rules.Index(p, i);
            Rules.Between(errors, dp + "/port", d.Port, 0, 65535);
            Protocol(d.Protocol, errors, dp + "/protocol");
            if (d.Port != 0 && !ports.Add(d.Port))
                errors.Add(p, AppValidator.PortsUnique);
            if (d.Name is not null && !names.Add(d.Name))
                errors.Add(p, AppValidator.PortNamesUnique);
        }
    }

    private static void PortMappings(AppDefinition app, ContainerSpec c, ErrorCollector errors, string p)
    {
        string mp = p + "/portMappings";
        var servicePorts = new HashSet<int>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        int containerNetworks = 0;
        foreach (Network n in app.Networks)
        {
            if (n.Mode == NetworkMode.Container)
                containerNetworks++;
        }
        for (int i = 0; i < c.PortMappings.Count; i++)
        {
            PortMapping m = c.PortMappings[i];
            string ip = Rules.Index(mp, i);
            Rules.Between(errors, ip + "/containerPort", m.ContainerPort, 0, 65535);
            if (m.HostPort is int hostPort)
                Rules.Between(errors, ip + "/hostPort", hostPort, 0, 65535);
            Rules.Between(errors, ip + "/servicePort", m.ServicePort, 0, 65535);
            Protocol(m.Protocol, errors, ip + "/protocol");
            if (m.ServicePort != 0 && !servicePorts.Add(m.ServicePort))
                errors.Add(mp, AppValidator.ServicePortsUnique);
            if (m.Name is not null && !names.Add(m.Name))
                errors.Add(mp, AppValidator.PortNamesUnique);
            if (m.HostPort is not null && containerNetworks > 1 && m.NetworkNames.Count != 1)
                errors.Add(ip, "networkNames must be a single item list when hostPort is specified and more than 1 container network is defined");
        }
    }

    private static void Protocol(string protocol, ErrorCollector errors, string path)
    {
        if (protocol is not ("tcp" or "udp" or "udp,tcp" or "tcp,udp"))
            errors.Add(path, "is invalid. Must be one of tcp, udp or udp,tcp");
    }

    private static void Volume(Volume v, ErrorCollector errors, string vp)
    {
        int kinds = (v.HostPath is null ? 0 : 1) + (v.Persistent is null ? 0 : 1) + (v.External is null ? 0 : 1) + (v.Secret is null ? 0 : 1);
        if (kinds > 1)
            errors.Add(vp, "must be exactly one of a host, persistent, external or secret volume");
        if (v.ContainerPath.Length == 0)
            errors.Add(vp + "/containerPath", "must not be empty");
        if (v.Persistent is { } p)
        {
            // A persistent volume mounts at one relative segment inside the sandbox (specs §10).
            if (v.ContainerPath.Contains('/'))
                errors.Add(vp + "/containerPath", AppValidator.ContainerPathSlash);
            if (v.ContainerPath is "." or "..")
                errors.Add(vp + "/containerPath", "value must not be \".\" or \"..\"");
            if (v.Mode != "RW")
                errors.Add(vp + "/mode", "must be RW");
            if (p.Size <= 0)
                errors.Add(vp + "/persistent/size", "got " + p.Size.ToString(System.Globalization.CultureInfo.InvariantCulture) + ", expected more than 0");
            if (p.MaxSize is long max)
            {
                if (p.Type != "mount")
                    errors.Add(vp + "/persistent/maxSize", "Only mount volumes can have maxSize");
                else if (max <= p.Size)
                    errors.Add(vp + "/persistent/maxSize", "Max size must be larger than size");
            }
            for (int i = 0; i < p.Constraints.Count; i++)
            {
                IReadOnlyList<string> c = p.Constraints[i];
                string cp = Rules.Index(vp + "/persistent/constraints", i);
                if (p.Type == "root")
                    errors.Add(cp, "Constraints on root volumes are not supported");
                else if (c.Count != 3 || c[0] != "path" || c[1] is not ("LIKE" or "UNLIKE"))
                    errors.Add(cp, "Unsupported persistent volume constraint; only [\"path\", \"LIKE|UNLIKE\", \"regex\"] is supported");
            }
        }
        else if (v.External is { } e)
        {
            if (string.IsNullOrEmpty(e.Name))
                errors.Add(vp + "/external/name", "must not be empty");
        }
        else if (v.Secret is null && v.HostPath is null)
        {
            errors.Add(vp + "/hostPath", "must not be empty");
        }
    }
}

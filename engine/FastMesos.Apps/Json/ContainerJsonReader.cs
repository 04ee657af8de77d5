using System.Text.Json;
using FastMesos.Apps.Model;
using FastMesos.Apps.Validation;
using static FastMesos.Apps.Json.JsonFields;

namespace FastMesos.Apps.Json;

/// <summary>Reads <c>container</c>, <c>networks</c> and the port declarations, folding in the deprecated forms.</summary>
internal static class ContainerJsonReader
{
    /// <summary>
    /// <c>networks</c>, or what the deprecated <c>container.docker.network</c> / <c>ipAddress</c>
    /// imply, or <c>[{"mode":"host"}]</c>.
    /// </summary>
    public static IReadOnlyList<Network> Networks(JsonElement app, ErrorCollector errors, ErrorCollector invalid)
    {
        string? ipNetworkName = null;
        bool hasIpAddress = Object(app, "ipAddress", "/", errors, out JsonElement ip);
        if (hasIpAddress)
            ipNetworkName = String(ip, "networkName", "/ipAddress", errors);
        int dockerNetwork = -1;
        if (Has(app, "container", out JsonElement c) && c.ValueKind == JsonValueKind.Object
            && Has(c, "docker", out JsonElement d) && d.ValueKind == JsonValueKind.Object)
        {
            dockerNetwork = JsonFields.Enum(d, "network", "/container/docker", errors, JsonNames.DockerNetworks);
        }

        if (Array(app, "networks", "/", errors, out JsonElement arr))
        {
            if (dockerNetwork >= 0)
                invalid.Add("/", "must not specify both container.docker.network and networks");
            if (hasIpAddress)
                invalid.Add("/", "must not specify both networks and ipAddress");
            var list = new List<Network>(arr.GetArrayLength());
            int i = 0;
            foreach (JsonElement n in arr.EnumerateArray())
            {
                string p = Index("/networks", i++);
                if (n.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(p, ExpectedObject);
                    continue;
                }
                int mode = JsonFields.Enum(n, "mode", p, errors, JsonNames.NetworkModes);
                list.Add(new Network
                {
                    Mode = mode < 0 ? NetworkMode.Host : (NetworkMode)mode,
                    Name = String(n, "name", p, errors),
                    Labels = StringMap(n, "labels", p, errors) ?? ValueMap<string>.Empty,
                });
            }
            return list;
        }
        return dockerNetwork switch
        {
            1 => [new Network { Mode = NetworkMode.ContainerBridge }],
            2 => [new Network { Mode = NetworkMode.Container, Name = ipNetworkName }],
            _ when hasIpAddress => [new Network { Mode = NetworkMode.Container, Name = ipNetworkName }],
            _ => [Network.Host],
        };
    }

    public static ContainerSpec? Container(JsonElement app, bool bridge, ErrorCollector errors)
    {
        if (!Object(app, "container", "/", errors, out JsonElement c))
            return null;
        const string p = "/container";
        int type = JsonFields.Enum(c, "type", p, errors, JsonNames.ContainerTypes);
        DockerSpec? docker = null;
        JsonElement legacyMappings = default;
        bool hasLegacyMappings = false;
        if (Object(c, "docker", p, errors, out JsonElement d))
        {
            const string dp = "/container/docker";
            var parameters = new List<DockerParameter>();
            if (Array(d, "parameters", dp, errors, out JsonElement ps))
            {
                int i = 0;
                foreach (JsonElement e in ps.EnumerateArray())
                {
                    string ep = Index(dp + "/parameters", i++);
                    if (e.ValueKind != JsonValueKind.Object)
                    {
                        errors.Add(ep, ExpectedObject);
                        continue;
                    }
                    parameters.Add(new DockerParameter(String(e, "key", ep, errors) ?? "", String(e, "value", ep, errors) ?? ""));
                }
            }
            docker = new DockerSpec
            {
                Image = String(d, "image", dp, errors) ?? "",
                ForcePullImage = Bool(d, "forcePullImage", dp, errors) ?? false,
                Privileged = Bool(d, "privileged", dp, errors) ?? false,
                Parameters = parameters,
            };
            hasLegacyMappings = Array(d, "portMappings", dp, errors, out legacyMappings);
        }

        // The canonical location wins; container.docker.portMappings is the pre-1.5 one.
        IReadOnlyList<PortMapping> mappings = [];
        if (Array(c, "portMappings", p, errors, out JsonElement pm))
            mappings = PortMappings(pm, p + "/portMappings", bridge, errors);
        else if (hasLegacyMappings)
            mappings = PortMappings(legacyMappings, "/container/docker/portMappings", bridge, errors);

        var volumes = new List<Volume>();
        if (Array(c, "volumes", p, errors, out JsonElement vs))
        {
            int i = 0;
            foreach (JsonElement v in vs.EnumerateArray())
            {
                string vp = Index(p + "/volumes", i++);
                if (v.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(vp, ExpectedObject);
                    continue;
                }
                volumes.Add(ReadVolume(v, vp, errors));
            }
        }
        return new ContainerSpec
        {
            Type = type < 0 ? ContainerType.Docker : (ContainerType)type,
            Docker = docker,
            PortMappings = mappings,
            Volumes = volumes,
        };
    }

    private static List<PortMapping> PortMappings(JsonElement arr, string path, bool bridge, ErrorCollector errors)
    {
        var list = new List<PortMapping>(arr.GetArrayLength());
        int i = 0;
        foreach (JsonElement m in arr.EnumerateArray())
        {
            string mp = Index(path, i++);
            if (m.ValueKind != JsonValueKind.Object)
            {
                errors.Add(mp, ExpectedObject);
                continue;
            }
            int? hostPort = Int(m, "hostPort", mp, errors);
            list.Add(new PortMapping
            {
                ContainerPort = Int(m, "containerPort", mp, errors) ?? 0,
                // Bridge networking always has a host port (0 = any); container networks only when asked.
                HostPort = hostPort ?? (bridge ? 0 : null),
                ServicePort = Int(m, "servicePort", mp, errors) ?? 0,
                Protocol = String(m, "protocol", mp, errors) ?? "tcp",
                Name = String(m, "name", mp, errors),
                Labels = StringMap(m, "labels", mp, errors) ?? ValueMap<string>.Empty,
                NetworkNames = StringList(m, "networkNames", mp, errors) ?? [],
            });
        }
        return list;
    }

    private static Volume ReadVolume(JsonElement v, string vp, ErrorCollector errors)
    {
        int mode = JsonFields.Enum(v, "mode", vp, errors, JsonNames.VolumeModes);
        PersistentVolumeInfo? persistent = null;
        if (Object(v, "persistent", vp, errors, out JsonElement pv))
        {
            string pp = vp + "/persistent";
            int type = JsonFields.Enum(pv, "type", pp, errors, JsonNames.PersistentTypes);
            string? profile = String(pv, "profileName", pp, errors);
            var constraints = new List<IReadOnlyList<string>>();
            if (Array(pv, "constraints", pp, errors, out JsonElement cs))
            {
                int i = 0;
                foreach (JsonElement c in cs.EnumerateArray())
                {
                    string cp = Index(pp + "/constraints", i++);
                    if (c.ValueKind != JsonValueKind.Array)
                    {
                        errors.Add(cp, ExpectedArray);
                        continue;
                    }
                    var parts = new List<string>();
                    foreach (JsonElement s in c.EnumerateArray())
                    {
                        if (s.ValueKind == JsonValueKind.String)
                            parts.Add(s.GetString()!);
                        else
                            errors.Add(cp, ExpectedString);
                    }
                    constraints.Add(parts);
                }
            }
            persistent = new PersistentVolumeInfo
            {
                // A profile without a type means a mount disk (1.8.194+).
                Type = type >= 0 ? JsonNames.PersistentTypes[type] : profile is null ? "root" : "mount",
                Size = Long(pv, "size", pp, errors) ?? 0,
                MaxSize = Long(pv, "maxSize", pp, errors),
                ProfileName = profile,
                Constraints = constraints,
            };
        }
        ExternalVolumeInfo? external = null;
        if (Object(v, "external", vp, errors, out JsonElement ev))
        {
            string ep = vp + "/external";
            external = new ExternalVolumeInfo
            {
                Name = String(ev, "name", ep, errors),
                Provider = String(ev, "provider", ep, errors),
                Size = Long(ev, "size", ep, errors),
                Shared = Bool(ev, "shared", ep, errors) ?? false,
                Options = StringMap(ev, "options", ep, errors) ?? ValueMap<string>.Empty,
            };
        }
        return new Volume
        {
            ContainerPath = String(v, "containerPath", vp, errors) ?? "",
            HostPath = String(v, "hostPath", vp, errors),
            Mode = mode < 0 ? "RW" : JsonNames.VolumeModes[mode],
            Persistent = persistent,
            External = external,
            Secret = String(v, "secret", vp, errors),
        };
    }

    /// <summary>
    /// <c>portDefinitions</c> or the deprecated <c>ports</c> (accepted together only when they name
    /// the same ports); when both are absent, one default port in host mode and none otherwise.
    /// </summary>
    public static IReadOnlyList<PortDefinition> PortDefinitions(JsonElement app, bool host, ErrorCollector errors, ErrorCollector invalid)
    {
        List<PortDefinition>? defs = null;
        if (Array(app, "portDefinitions", "/", errors, out JsonElement arr))
        {
            defs = new List<PortDefinition>(arr.GetArrayLength());
            int i = 0;
            foreach (JsonElement d in arr.EnumerateArray())
            {
                string dp = Index("/portDefinitions", i++);
                if (d.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(dp, ExpectedObject);
                    continue;
                }
                defs.Add(new PortDefinition
                {
                    Port = Int(d, "port", dp, errors) ?? 0,
                    Protocol = String(d, "protocol", dp, errors) ?? "tcp",
                    Name = String(d, "name", dp, errors),
                    Labels = StringMap(d, "labels", dp, errors) ?? ValueMap<string>.Empty,
                });
            }
        }
        List<int>? ports = null;
        if (Array(app, "ports", "/", errors, out JsonElement parr))
        {
            ports = new List<int>(parr.GetArrayLength());
            int i = 0;
            foreach (JsonElement e in parr.EnumerateArray())
            {
                int? port = AsInt(e, Index("/ports", i++), errors);
                if (port is int value)
                    ports.Add(value);
            }
        }
        if (ports is not null && !NonZeroUnique(ports))
            invalid.Add("/", "ports must be unique");
        if (Has(app, "ipAddress") && (ports is { Count: > 0 } || defs is { Count: > 0 }))
            invalid.Add("/", "cannot specify both an IP address and port");
        if (defs is not null && ports is not null)
        {
            if (defs.Count > 0 && ports.Count > 0 && !SamePorts(defs, ports))
                invalid.Add("/", "cannot specify both ports and port definitions");
            return defs.Count > 0 ? defs : FromPorts(ports);
        }
        if (defs is not null)
            return defs;
        if (ports is not null)
            return FromPorts(ports);
        return host ? [PortDefinition.Default] : [];
    }

    private static List<PortDefinition> FromPorts(List<int> ports)
    {
        var defs = new List<PortDefinition>(ports.Count);
        foreach (int port in ports)
            defs.Add(new PortDefinition { Port = port });
        return defs;
    }

    // 0 means "any port" and may repeat.
    private static bool NonZeroUnique(List<int> ports)
    {
        var seen = new HashSet<int>();
        foreach (int p in ports)
        {
            if (p != 0 && !seen.Add(p))
                return false;
        }
        return true;
    }

    private static bool SamePorts(List<PortDefinition> defs, List<int> ports)
    {
        if (defs.Count != ports.Count)
            return false;
        for (int i = 0; i < defs.Count; i++)
        {
            if (defs[i].Port != ports[i])
                return false;
        }
        return true;
    }
}

using CsCheck;
using FastMesos.Apps.Constraints;
using FastMesos.Apps.Json;
using FastMesos.Apps.Model;

namespace FastMesos.Apps.Tests;

/// <summary>Write-then-read gives an equal definition for generated apps (every field, every mode).</summary>
public sealed class AppJsonPropertyTests
{
    private static readonly Gen<string> Text = Gen.Char["ab z\"\\/\u00e9\n9"].Array[0, 6].Select(c => new string(c));
    private static readonly Gen<string> Segment = Gen.Char['a', 'z'].Array[1, 5].Select(c => new string(c));
    private static readonly Gen<PathId> Id = Segment.Array[1, 3].Select(s => PathId.FromSegments(s));
    private static readonly Gen<ValueMap<string>> Labels =
        Gen.Select(Segment, Text).Array[0, 3].Select(kv => Map(kv));

    private static readonly Gen<Constraint> Constraints = Gen.OneOf<Constraint>(
        new Constraint("hostname", ConstraintOperator.Unique, null),
        new Constraint("rack_id", ConstraintOperator.GroupBy, "3"),
        new Constraint("rack_id", ConstraintOperator.Cluster, "rack-1"),
        new Constraint("rack_id", ConstraintOperator.MaxPer, "2"),
        new Constraint("rack_id", ConstraintOperator.Like, "rack-[1-3]"),
        new Constraint("level", ConstraintOperator.Is, "0.8"));

    private static readonly Gen<DateTimeOffset> Time =
        Gen.Long[0, 4_000_000_000_000].Select(ms => DateTimeOffset.FromUnixTimeMilliseconds(ms));

    private static readonly Gen<HealthCheck> Health =
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, 1000].Array[6], Gen.Bool, Gen.Int[0, 2], Text, (protocol, n, flag, port, text) => new HealthCheck
        {
            Protocol = (HealthCheckProtocol)protocol,
            Path = port == 0 ? null : "/" + text,
            PortIndex = port == 1 ? n[5] % 3 : null,
            Port = port == 2 ? n[5] : null,
            GracePeriodSeconds = n[0],
            IntervalSeconds = n[1],
            TimeoutSeconds = n[2],
            MaxConsecutiveFailures = n[3],
            DelaySeconds = n[4],
            IgnoreHttp1xx = flag,
            IpProtocol = flag ? "IPv6" : "IPv4",
            Command = protocol == 6 ? text : null,
        });

    private static readonly Gen<CheckSpec> Check = Gen.Select(Gen.Int[0, 2], Gen.Int[1, 100], Text, (kind, n, text) => kind switch
    {
        0 => new CheckSpec { Kind = "http", PortIndex = n % 2, Path = "/" + text, Scheme = "HTTP", IntervalSeconds = n },
        1 => new CheckSpec { Kind = "tcp", PortIndex = 0, TimeoutSeconds = n },
        _ => new CheckSpec { Kind = "exec", Command = text, DelaySeconds = n },
    });

    private static readonly Gen<ReadinessCheck> Readiness =
        Gen.Select(Segment, Gen.Int[1, 100], Gen.Int[200, 599].Array[1, 3], Gen.Bool, (name, n, codes, flag) => new ReadinessCheck
        {
            Name = name,
            Protocol = flag ? "HTTPS" : "HTTP",
            PortName = name,
            IntervalSeconds = n + 1,
            TimeoutSeconds = n,
            HttpStatusCodesForReady = codes,
            PreserveLastResponse = flag,
        });

    private static readonly Gen<Volume> Volumes = Gen.Select(Gen.Int[0, 3], Segment, Gen.Long[1, 1_000_000], Gen.Bool, Labels,
        (kind, name, size, flag, options) => kind switch
        {
            0 => new Volume { ContainerPath = "/" + name, HostPath = "/var/" + name, Mode = flag ? "RO" : "RW" },
            1 => new Volume
            {
                ContainerPath = name,
                Persistent = new PersistentVolumeInfo
                {
                    Type = flag ? "mount" : "root",
                    Size = size,
                    MaxSize = flag ? size + 1 : null,
                    ProfileName = flag ? name : null,
                    Constraints = flag ? [["path", "LIKE", "/mnt/" + name]] : [],
                },
            },
            2 => new Volume
            {
                ContainerPath = name,
                External = new ExternalVolumeInfo { Name = name, Provider = "dvdi", Size = flag ? size : null, Shared = flag, Options = options },
            },
            _ => new Volume { ContainerPath = name, Secret = name },
        });

    // Networking, container and the port declarations must agree the way the reader derives them:
    // bridge port mappings always have a host port, absent ones exist only on container networks.
    private static readonly Gen<(IReadOnlyList<Network>, ContainerSpec?, IReadOnlyList<PortDefinition>, bool)> Networking =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 65535].Array[0, 3], Segment, Gen.Bool, Volumes.Array[0, 2], Labels,
            (mode, ports, name, flag, volumes, labels) =>
            {
                var defs = new List<PortDefinition>();
                var mappings = new List<PortMapping>();
                for (int i = 0; i < ports.Length; i++)
                {
                    defs.Add(new PortDefinition { Port = ports[i], Name = flag ? name + i : null, Protocol = flag ? "udp" : "tcp", Labels = labels });
                    mappings.Add(new PortMapping
                    {
                        ContainerPort = ports[i],
                        HostPort = mode == 1 || flag ? i : null,
                        ServicePort = ports[i] / 2,
                        Name = flag ? name + i : null,
                        Labels = labels,
                        NetworkNames = mode == 2 && flag ? [name] : [],
                    });
                }
                DockerSpec docker = new()
                {
                    Image = name + ":latest",
                    ForcePullImage = flag,
                    Privileged = !flag,
                    Parameters = flag ? [new DockerParameter("hostname", name)] : [],
                };
                return mode switch
                {
                    0 => ((IReadOnlyList<Network>)[Network.Host],
                        flag ? new ContainerSpec { Type = ContainerType.Mesos, Volumes = volumes } : null,
                        (IReadOnlyList<PortDefinition>)defs, flag),
                    1 => ([new Network { Mode = NetworkMode.ContainerBridge, Labels = labels }],
                        new ContainerSpec { Docker = docker, PortMappings = mappings, Volumes = volumes }, [], false),
                    _ => ([new Network { Mode = NetworkMode.Container, Name = name }],
                        new ContainerSpec { Type = flag ? ContainerType.Mesos : ContainerType.Docker, Docker = docker, PortMappings = mappings, Volumes = volumes }, [], false),
                };
            });

    private static readonly Gen<AppDefinition> Apps =
        from id in Id
        from cmd in Gen.Int[0, 2]
        from text in Text
        from resources in Gen.Double[0, 64].Array[3]
        from counts in Gen.Int[0, 1000].Array[6]
        from networking in Networking
        from labels in Labels
        from env in Gen.Select(Segment, Text, Gen.Bool).Array[0, 3]
        from constraints in Constraints.Array[0, 3]
        from health in Health.Array[0, 2]
        from check in Check.Null()
        from readiness in Readiness.Array[0, 1]
        from deps in Id.Array[0, 2]
        from strategy in Gen.Double[0, 1].Array[2]
        from flags in Gen.Bool.Array[6]
        from fetch in Gen.Select(Text, Gen.Bool, Gen.Bool, Gen.Bool).Array[0, 2]
        from time in Time
        select new AppDefinition
        {
            Id = id,
            Cmd = cmd == 0 ? text : null,
            Args = cmd == 1 ? [text, "x"] : null,
            Cpus = resources[0],
            Mem = resources[1],
            Disk = resources[2],
            Gpus = counts[0] % 4,
            Instances = counts[1],
            Executor = flags[0] ? "//cmd" : "",
            Networks = networking.Item1,
            Container = networking.Item2,
            PortDefinitions = networking.Item3,
            RequirePorts = networking.Item4,
            Env = EnvMap(env),
            Secrets = flags[1] ? Map2(env) : ValueMap<SecretDef>.Empty,
            Labels = labels,
            Constraints = constraints,
            AcceptedResourceRoles = flags[2] ? ["*", "prod"] : null,
            Role = flags[2] ? "prod" : null,
            HealthChecks = health,
            Check = check,
            ReadinessChecks = readiness,
            Dependencies = deps,
            UpgradeStrategy = new UpgradeStrategy(strategy[0], strategy[1]),
            BackoffSeconds = counts[2],
            BackoffFactor = 1 + strategy[0],
            MaxLaunchDelaySeconds = counts[3],
            KillSelection = flags[3] ? KillSelection.OldestFirst : KillSelection.YoungestFirst,
            UnreachableStrategy = flags[4] ? UnreachableStrategy.Disabled : UnreachableStrategy.Enabled(counts[4], counts[5]),
            Fetch = Fetch(fetch),
            TaskKillGracePeriodSeconds = flags[5] ? counts[4] : null,
            User = flags[5] ? text : null,
            Tty = flags[1] ? flags[5] : null,
            ResourceLimits = flags[3] ? new ResourceLimits(double.PositiveInfinity, flags[5] ? resources[1] : null) : null,
            Version = flags[0] ? time : null,
            VersionInfo = flags[0] ? new VersionInfo(time, time.AddMilliseconds(-counts[2])) : null,
        };

    [Fact]
    public void Written_apps_read_back_equal()
    {
        Apps.Sample(app =>
        {
            string json = AppJsonWriter.Write(app);
            AppReadResult r = AppJsonReader.Read(json);
            Assert.True(r.IsOk, json);
            Assert.Equal(app, r.App);
            Assert.Equal(json, AppJsonWriter.Write(r.App!));
        }, iter: 2000, threads: 1);
    }

    private static ValueMap<string> Map((string, string)[] pairs)
    {
        var list = new List<KeyValuePair<string, string>>(pairs.Length);
        foreach ((string k, string v) in pairs)
            list.Add(new(k, v));
        return ValueMap<string>.FromPairs(list);
    }

    private static ValueMap<EnvValue> EnvMap((string, string, bool)[] entries)
    {
        var list = new List<KeyValuePair<string, EnvValue>>(entries.Length);
        foreach ((string k, string v, bool secret) in entries)
            list.Add(new(k.ToUpperInvariant(), secret ? EnvValue.FromSecret(k) : EnvValue.Of(v)));
        return ValueMap<EnvValue>.FromPairs(list);
    }

    private static ValueMap<SecretDef> Map2((string, string, bool)[] entries)
    {
        var list = new List<KeyValuePair<string, SecretDef>>(entries.Length);
        foreach ((string k, string v, bool _) in entries)
            list.Add(new(k, new SecretDef(v)));
        return ValueMap<SecretDef>.FromPairs(list);
    }

    private static List<FetchUri> Fetch((string, bool, bool, bool)[] entries)
    {
        var list = new List<FetchUri>(entries.Length);
        foreach ((string uri, bool extract, bool executable, bool cache) in entries)
            list.Add(new FetchUri { Uri = "http://h/" + uri, Extract = extract, Executable = executable, Cache = cache, DestPath = cache ? uri : null });
        return list;
    }
}

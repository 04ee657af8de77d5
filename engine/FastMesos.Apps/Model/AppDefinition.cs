using FastMesos.Apps.Constraints;

namespace FastMesos.Apps.Model;

/// <summary>
/// A Marathon app as a user sends it (specs/marathon.md §2), immutable, with Marathon's defaults.
/// Deprecated input fields (<c>ports</c>, <c>uris</c>, <c>ipAddress</c>, docker network and port
/// mappings) do not exist here: the JSON reader normalizes them into the canonical ones.
/// Lists and maps compare by content, so two definitions read from equal JSON are equal.
/// </summary>
public sealed record AppDefinition
{
    public PathId Id { get; init; } = PathId.Root;
    public string? Cmd { get; init; }
    public IReadOnlyList<string>? Args { get; init => field = ValueList<string>.OfNullable(value); }
    public double Cpus { get; init; } = 1.0;
    public double Mem { get; init; } = 128.0;
    public double Disk { get; init; }
    public int Gpus { get; init; }
    public int Instances { get; init; } = 1;
    public string Executor { get; init; } = "";
    public ContainerSpec? Container { get; init; }
    public IReadOnlyList<Network> Networks { get; init => field = ValueList<Network>.Of(value); } = ValueList<Network>.Of([Network.Host]);
    /// <summary>
    /// Host-mode ports. The default (one port named <c>default</c>) suits host networking; code that
    /// builds a bridge or container-network app sets this to empty, as the reader does.
    /// </summary>
    public IReadOnlyList<PortDefinition> PortDefinitions { get; init => field = ValueList<PortDefinition>.Of(value); } = ValueList<PortDefinition>.Of([PortDefinition.Default]);
    public bool RequirePorts { get; init; }
    public IReadOnlyDictionary<string, EnvValue> Env { get; init => field = ValueMap<EnvValue>.Of(value); } = ValueMap<EnvValue>.Empty;
    public IReadOnlyDictionary<string, SecretDef> Secrets { get; init => field = ValueMap<SecretDef>.Of(value); } = ValueMap<SecretDef>.Empty;
    public IReadOnlyDictionary<string, string> Labels { get; init => field = ValueMap<string>.Of(value); } = ValueMap<string>.Empty;
    public IReadOnlyList<Constraint> Constraints { get; init => field = ValueList<Constraint>.Of(value); } = ValueList<Constraint>.Empty;

    /// <summary>Null when not given: the framework's default behaviour applies.</summary>
    public IReadOnlyList<string>? AcceptedResourceRoles { get; init => field = ValueList<string>.OfNullable(value); }

    /// <summary>Null when not given: the framework role (or the top-level group's, with enforceRole).</summary>
    public string? Role { get; init; }

    public IReadOnlyList<HealthCheck> HealthChecks { get; init => field = ValueList<HealthCheck>.Of(value); } = ValueList<HealthCheck>.Empty;
    public CheckSpec? Check { get; init; }
    public IReadOnlyList<ReadinessCheck> ReadinessChecks { get; init => field = ValueList<ReadinessCheck>.Of(value); } = ValueList<ReadinessCheck>.Empty;
    public IReadOnlyList<PathId> Dependencies { get; init => field = ValueList<PathId>.Of(value); } = ValueList<PathId>.Empty;
    public UpgradeStrategy UpgradeStrategy { get; init; } = UpgradeStrategy.Default;
    public int BackoffSeconds { get; init; } = 1;
    public double BackoffFactor { get; init; } = 1.15;
    public int MaxLaunchDelaySeconds { get; init; } = 300;
    public KillSelection KillSelection { get; init; } = KillSelection.YoungestFirst;
    public UnreachableStrategy UnreachableStrategy { get; init; } = UnreachableStrategy.Default;
    public IReadOnlyList<FetchUri> Fetch { get; init => field = ValueList<FetchUri>.Of(value); } = ValueList<FetchUri>.Empty;
    public int? TaskKillGracePeriodSeconds { get; init; }
    public string? User { get; init; }
    public bool? Tty { get; init; }
    public ResourceLimits? ResourceLimits { get; init; }

    /// <summary>Server-set; null before the app is first stored.</summary>
    public DateTimeOffset? Version { get; init; }

    /// <summary>Server-set; null before the app is first stored.</summary>
    public VersionInfo? VersionInfo { get; init; }

    /// <summary>True when a volume is a local persistent volume: the app is resident (pinned to its reservations).</summary>
    public bool IsResident
    {
        get
        {
            if (Container is null)
                return false;
            foreach (Volume v in Container.Volumes)
            {
                if (v.Persistent is not null)
                    return true;
            }
            return false;
        }
    }

    /// <summary>True when the app uses host networking (the only mode with portDefinitions).</summary>
    public bool IsHostNetworking
    {
        get
        {
            foreach (Network n in Networks)
            {
                if (n.Mode != NetworkMode.Host)
                    return false;
            }
            return true;
        }
    }

    /// <summary>
    /// True when a field of Marathon's "changed" list (specs/marathon.md §5.1) differs, so the
    /// deployment planner must <c>RestartApplication</c>. <c>instances</c>, <c>id</c>,
    /// <c>version</c> and <c>versionInfo</c> are not config.
    /// </summary>
    public bool IsUpgrade(AppDefinition other) =>
        Cmd != other.Cmd
        || !Equals(Args, other.Args)
        || User != other.User
        || !Env.Equals(other.Env)
        || Cpus != other.Cpus || Mem != other.Mem || Disk != other.Disk || Gpus != other.Gpus
        || Executor != other.Executor
        || !Constraints.Equals(other.Constraints)
        || !Fetch.Equals(other.Fetch)
        || !PortDefinitions.Equals(other.PortDefinitions)
        || RequirePorts != other.RequirePorts
        || BackoffSeconds != other.BackoffSeconds || BackoffFactor != other.BackoffFactor
        || MaxLaunchDelaySeconds != other.MaxLaunchDelaySeconds
        || Container != other.Container
        || !HealthChecks.Equals(other.HealthChecks)
        || Check != other.Check
        || TaskKillGracePeriodSeconds != other.TaskKillGracePeriodSeconds
        || !Dependencies.Equals(other.Dependencies)
        || UpgradeStrategy != other.UpgradeStrategy
        || !Labels.Equals(other.Labels)
        || !Equals(AcceptedResourceRoles, other.AcceptedResourceRoles)
        || !Networks.Equals(other.Networks)
        || !ReadinessChecks.Equals(other.ReadinessChecks)
        || !Secrets.Equals(other.Secrets)
        || UnreachableStrategy != other.UnreachableStrategy
        || KillSelection != other.KillSelection
        || Tty != other.Tty
        || Role != other.Role
        || ResourceLimits != other.ResourceLimits;

    /// <summary>True when only <c>instances</c> differs: a <c>ScaleApplication</c>, no restart.</summary>
    public bool IsOnlyScaleChange(AppDefinition other) => Instances != other.Instances && !IsUpgrade(other);
}

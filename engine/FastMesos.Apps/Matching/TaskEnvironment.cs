namespace FastMesos.Apps.Matching;

/// <summary>The narrow inputs of <see cref="TaskEnvironmentBuilder"/>: one task of one app version on one agent.</summary>
public sealed record TaskEnvironment
{
    public required string AppId { get; init; }

    /// <summary>The app version as Marathon prints it (<c>2015-04-02T09:37:00.596Z</c>).</summary>
    public required string Version { get; init; }

    public required string TaskId { get; init; }

    /// <summary>The agent's hostname (the offer's).</summary>
    public required string Host { get; init; }

    public string? DockerImage { get; init; }
    public double Cpus { get; init; }
    public double Mem { get; init; }
    public double Disk { get; init; }
    public int Gpus { get; init; }

    /// <summary>The app's labels, in the order to list them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>The host ports assigned from the offer, in port-definition order.</summary>
    public IReadOnlyList<ulong> HostPorts { get; init; } = [];

    /// <summary>Per host port: the declared port (the service port in host networking, the container port with mappings), 0 = none.</summary>
    public IReadOnlyList<int> DeclaredPorts { get; init; } = [];

    /// <summary>Per host port: its name, or null.</summary>
    public IReadOnlyList<string?> PortNames { get; init; } = [];

    /// <summary><c>--env_vars_prefix</c>: prepended to the PORT variables only.</summary>
    public string? EnvVarsPrefix { get; init; }
}

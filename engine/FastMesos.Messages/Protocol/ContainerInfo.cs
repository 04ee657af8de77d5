namespace FastMesos.Messages;

/// <summary>
/// How to containerize a task or executor (Mesos <c>ContainerInfo</c>, the common subset): the
/// containerizer, an image, networking and volumes.
/// </summary>
public sealed record ContainerInfo
{
    public required ContainerType Type { get; init; }

    /// <summary>The Docker image (DOCKER), or the image the Mesos containerizer provisions (MESOS); none runs on the host filesystem.</summary>
    public string? Image { get; init; }

    /// <summary>The Docker network mode; the Mesos containerizer uses <see cref="NetworkName"/> instead.</summary>
    public DockerNetwork Network { get; init; } = DockerNetwork.Host;

    /// <summary>The named (CNI or Docker user) network to join, if any.</summary>
    public string? NetworkName { get; init; }
    public IReadOnlyList<PortMapping> PortMappings { get; init; } = [];
    public IReadOnlyList<ContainerVolume> Volumes { get; init; } = [];
    public string? Hostname { get; init; }
    public bool Privileged { get; init; }
    public bool ForcePullImage { get; init; }
}

namespace FastMesos.Apps.Model;

/// <summary><c>container</c>: the containerizer, its image and the canonical port mappings and volumes.</summary>
public sealed record ContainerSpec
{
    public ContainerType Type { get; init; } = ContainerType.Docker;
    public DockerSpec? Docker { get; init; }
    public IReadOnlyList<PortMapping> PortMappings { get; init => field = ValueList<PortMapping>.Of(value); } = ValueList<PortMapping>.Empty;
    public IReadOnlyList<Volume> Volumes { get; init => field = ValueList<Volume>.Of(value); } = ValueList<Volume>.Empty;
}

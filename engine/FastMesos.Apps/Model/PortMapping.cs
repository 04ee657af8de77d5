namespace FastMesos.Apps.Model;

/// <summary>
/// A container port mapping. <see cref="HostPort"/> null = no host port (container networks);
/// the reader fills 0 for bridge networking, as Marathon does.
/// </summary>
public sealed record PortMapping
{
    public int ContainerPort { get; init; }
    public int? HostPort { get; init; }
    public int ServicePort { get; init; }
    public string Protocol { get; init; } = "tcp";
    public string? Name { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init => field = ValueMap<string>.Of(value); } = ValueMap<string>.Empty;
    public IReadOnlyList<string> NetworkNames { get; init => field = ValueList<string>.Of(value); } = ValueList<string>.Empty;
}

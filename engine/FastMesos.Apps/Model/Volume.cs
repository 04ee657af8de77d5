namespace FastMesos.Apps.Model;

/// <summary>
/// One of <c>container.volumes</c>: a host volume (<see cref="HostPath"/>), a local persistent
/// volume (<see cref="Persistent"/>), an external volume (<see cref="External"/>) or a secret
/// volume (<see cref="Secret"/>). At most one of the four is set.
/// </summary>
public sealed record Volume
{
    public string ContainerPath { get; init; } = "";
    public string? HostPath { get; init; }
    public string Mode { get; init; } = "RW";
    public PersistentVolumeInfo? Persistent { get; init; }
    public ExternalVolumeInfo? External { get; init; }
    public string? Secret { get; init; }
}

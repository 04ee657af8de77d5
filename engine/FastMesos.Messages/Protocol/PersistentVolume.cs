namespace FastMesos.Messages;

/// <summary>
/// A persistent volume on reserved disk (Mesos <c>Resource.DiskInfo</c> with persistence and volume):
/// created by CREATE, removed by DESTROY, and mounted at <see cref="ContainerPath"/> in tasks that use it.
/// </summary>
public sealed record PersistentVolume
{
    public required string PersistenceId { get; init; }

    /// <summary>The role whose reserved disk holds the volume.</summary>
    public required string Role { get; init; }

    /// <summary>The disk it takes, in MB.</summary>
    public Scalar Size { get; init; }
    public string? Principal { get; init; }
    public string? ContainerPath { get; init; }
    public VolumeMode Mode { get; init; } = VolumeMode.ReadWrite;
}

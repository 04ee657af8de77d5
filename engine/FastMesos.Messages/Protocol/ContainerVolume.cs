namespace FastMesos.Messages;

/// <summary>A volume mounted into a container (Mesos <c>Volume</c>): a host path, or a sandbox path when unset.</summary>
public readonly record struct ContainerVolume(string ContainerPath, string? HostPath = null, VolumeMode Mode = VolumeMode.ReadWrite);

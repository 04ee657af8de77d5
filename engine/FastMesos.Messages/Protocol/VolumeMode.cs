namespace FastMesos.Messages;

/// <summary>How a container sees a volume (Mesos <c>Volume.Mode</c>: RW=1, RO=2).</summary>
public enum VolumeMode
{
    ReadWrite = 1,
    ReadOnly = 2,
}

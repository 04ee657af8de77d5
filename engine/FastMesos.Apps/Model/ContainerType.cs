namespace FastMesos.Apps.Model;

/// <summary>The containerizer: <c>DOCKER</c> (Marathon's default for a <c>container</c>) or <c>MESOS</c> (UCR).</summary>
public enum ContainerType : byte
{
    Docker,
    Mesos,
}

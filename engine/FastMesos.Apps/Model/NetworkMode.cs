namespace FastMesos.Apps.Model;

/// <summary>Network modes: <c>host</c>, <c>container</c> (a named CNI network) and <c>container/bridge</c>.</summary>
public enum NetworkMode : byte
{
    Host,
    Container,
    ContainerBridge,
}

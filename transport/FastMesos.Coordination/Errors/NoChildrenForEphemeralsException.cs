namespace FastMesos.Coordination;

/// <summary>Ephemeral nodes cannot have children (NoChildrenForEphemerals).</summary>
public sealed class NoChildrenForEphemeralsException(string? path, string? detail = null)
    : ZooKeeperException(ZooKeeperErrorCode.NoChildrenForEphemerals, path, detail);

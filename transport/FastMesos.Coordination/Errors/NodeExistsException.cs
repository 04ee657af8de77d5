namespace FastMesos.Coordination;

/// <summary>The node already exists (NodeExists).</summary>
public sealed class NodeExistsException(string? path, string? detail = null)
    : ZooKeeperException(ZooKeeperErrorCode.NodeExists, path, detail);

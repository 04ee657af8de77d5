namespace FastMesos.Coordination;

/// <summary>The node does not exist (NoNode).</summary>
public sealed class NoNodeException(string? path, string? detail = null)
    : ZooKeeperException(ZooKeeperErrorCode.NoNode, path, detail);

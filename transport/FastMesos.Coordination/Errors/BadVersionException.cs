namespace FastMesos.Coordination;

/// <summary>The expected version does not match the node's (BadVersion).</summary>
public sealed class BadVersionException(string? path, string? detail = null)
    : ZooKeeperException(ZooKeeperErrorCode.BadVersion, path, detail);

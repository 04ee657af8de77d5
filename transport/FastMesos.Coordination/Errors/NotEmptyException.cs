namespace FastMesos.Coordination;

/// <summary>The node has children (NotEmpty).</summary>
public sealed class NotEmptyException(string? path, string? detail = null)
    : ZooKeeperException(ZooKeeperErrorCode.NotEmpty, path, detail);

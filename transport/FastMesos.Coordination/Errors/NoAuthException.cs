namespace FastMesos.Coordination;

/// <summary>
/// The node's ACL does not grant this session the permission the call needs (NoAuth): the client has
/// no credentials, or credentials of another identity than the node's creator.
/// </summary>
public sealed class NoAuthException(string? path, string? detail = null)
    : ZooKeeperException(ZooKeeperErrorCode.NoAuth, path, detail ?? "the node's ACL does not allow this session (missing or different digest credentials)");

namespace FastMesos.Coordination;

/// <summary>
/// The server refused the ACL given (InvalidACL): empty, an unknown scheme, or <c>auth</c> (creator)
/// entries from a session that has not authenticated.
/// </summary>
public sealed class InvalidAclException(string? path, string? detail = null)
    : ZooKeeperException(ZooKeeperErrorCode.InvalidAcl, path, detail ?? "the ACL is invalid (a creator ACL needs digest credentials)");

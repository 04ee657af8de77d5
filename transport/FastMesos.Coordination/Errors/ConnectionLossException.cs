namespace FastMesos.Coordination;

/// <summary>
/// The connection dropped before the reply arrived. The call may or may not have been applied; the
/// session may still be alive (the client reconnects), so callers retry idempotent calls.
/// </summary>
public sealed class ConnectionLossException(string? detail = null)
    : ZooKeeperException(ZooKeeperErrorCode.ConnectionLoss, null, detail);

namespace FastMesos.Coordination;

/// <summary>The session is gone: ephemeral nodes and watches of it are lost. The client is unusable; make a new one.</summary>
public sealed class SessionExpiredException(string? detail = null)
    : ZooKeeperException(ZooKeeperErrorCode.SessionExpired, null, detail);

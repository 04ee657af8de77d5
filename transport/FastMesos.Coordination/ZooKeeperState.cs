namespace FastMesos.Coordination;

/// <summary>The client's connection state, reported through <see cref="ZooKeeperClient.StateChanged"/>.</summary>
public enum ZooKeeperState
{
    /// <summary>Connected with a live session; calls are sent.</summary>
    Connected,
    /// <summary>The connection was lost; the client is reconnecting and the session may still be alive.</summary>
    Disconnected,
    /// <summary>The session is gone (the server said so, or no server was reached within the session timeout). Terminal.</summary>
    Expired,
    /// <summary>The client was disposed. Terminal.</summary>
    Closed,
}

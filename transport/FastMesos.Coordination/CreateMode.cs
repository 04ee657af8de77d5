namespace FastMesos.Coordination;

/// <summary>How a znode is created; the values are ZooKeeper's CreateRequest flags.</summary>
public enum CreateMode
{
    Persistent = 0,
    /// <summary>Deleted when the creating session ends.</summary>
    Ephemeral = 1,
    /// <summary>The server appends a 10-digit, zero-padded counter of the parent to the name.</summary>
    PersistentSequential = 2,
    EphemeralSequential = 3,
}

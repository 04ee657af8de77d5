namespace FastMesos.Coordination;

/// <summary>
/// A fired watch (one-shot) or a connection state change (<see cref="Type"/> is None). <see cref="Path"/>
/// is the node's path relative to the chroot; null for state changes.
/// </summary>
public readonly record struct WatchedEvent(WatchEventType Type, ZooKeeperState State, string? Path);

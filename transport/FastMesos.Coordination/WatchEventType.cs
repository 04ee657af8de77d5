namespace FastMesos.Coordination;

/// <summary>The kind of a watch notification (WatcherEvent.type on the wire).</summary>
public enum WatchEventType
{
    /// <summary>A connection state change, not a node event.</summary>
    None = -1,
    NodeCreated = 1,
    NodeDeleted = 2,
    NodeDataChanged = 3,
    NodeChildrenChanged = 4,
}

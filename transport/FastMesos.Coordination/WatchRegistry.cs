namespace FastMesos.Coordination;

/// <summary>
/// The client's copy of its one-shot watches, keyed by server path (chroot included). A watch is added
/// only after the server acknowledged the call that set it (the reply and later notifications are read
/// in order, so no event can be missed), and removed when it fires. Thread-safe.
/// </summary>
internal sealed class WatchRegistry
{
    private readonly Dictionary<string, List<Action<WatchedEvent>>> _data = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Action<WatchedEvent>>> _exists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Action<WatchedEvent>>> _child = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Add(WatchKind kind, string serverPath, Action<WatchedEvent> watcher)
    {
        lock (_lock)
        {
            Dictionary<string, List<Action<WatchedEvent>>> table = kind switch
            {
                WatchKind.Data => _data,
                WatchKind.Exists => _exists,
                _ => _child,
            };
            if (!table.TryGetValue(serverPath, out List<Action<WatchedEvent>>? list))
                table[serverPath] = list = [];
            list.Add(watcher);
        }
    }

    /// <summary>Removes and returns the watchers an event fires (ZooKeeper's rules: which tables each event type triggers).</summary>
    public List<Action<WatchedEvent>> Take(WatchEventType type, string serverPath)
    {
        var fired = new List<Action<WatchedEvent>>();
        lock (_lock)
        {
            switch (type)
            {
                case WatchEventType.NodeCreated:
                case WatchEventType.NodeDataChanged:
                    Move(_data, serverPath, fired);
                    Move(_exists, serverPath, fired);
                    break;
                case WatchEventType.NodeDeleted:
                    Move(_data, serverPath, fired);
                    Move(_exists, serverPath, fired);
                    Move(_child, serverPath, fired);
                    break;
                case WatchEventType.NodeChildrenChanged:
                    Move(_child, serverPath, fired);
                    break;
            }
        }

        return fired;
    }

    /// <summary>The watched paths per table, for SetWatches after a reconnect.</summary>
    public (List<string> Data, List<string> Exists, List<string> Child) Paths()
    {
        lock (_lock)
            return ([.. _data.Keys], [.. _exists.Keys], [.. _child.Keys]);
    }

    public void Clear()
    {
        lock (_lock)
        {
            _data.Clear();
            _exists.Clear();
            _child.Clear();
        }
    }

    private static void Move(Dictionary<string, List<Action<WatchedEvent>>> table, string path, List<Action<WatchedEvent>> into)
    {
        if (table.Remove(path, out List<Action<WatchedEvent>>? list))
            into.AddRange(list);
    }
}

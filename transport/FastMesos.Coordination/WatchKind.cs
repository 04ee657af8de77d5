namespace FastMesos.Coordination;

/// <summary>Which of the server's three watch tables a watch lives in; it decides which events fire it.</summary>
internal enum WatchKind
{
    /// <summary>getData, or exists on a node that exists: fired by data change, deletion (and creation).</summary>
    Data,
    /// <summary>exists on a missing node: fired by creation (and data change, deletion).</summary>
    Exists,
    /// <summary>getChildren: fired by a child change or the node's deletion.</summary>
    Child,
}

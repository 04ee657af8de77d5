namespace FastMesos.Coordination;

/// <summary>A znode's metadata, as ZooKeeper returns it (field order is the wire order).</summary>
public readonly record struct Stat(
    long Czxid, long Mzxid, long Ctime, long Mtime, int Version, int Cversion, int Aversion,
    long EphemeralOwner, int DataLength, int NumChildren, long Pzxid);

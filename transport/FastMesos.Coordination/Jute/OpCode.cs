namespace FastMesos.Coordination.Jute;

/// <summary>ZooKeeper request types (RequestHeader.type) and the reserved xids of non-call packets.</summary>
internal static class OpCode
{
    public const int Create = 1;
    public const int Delete = 2;
    public const int Exists = 3;
    public const int GetData = 4;
    public const int SetData = 5;
    public const int GetAcl = 6;
    public const int SetAcl = 7;
    public const int Sync = 9;
    public const int Ping = 11;
    public const int GetChildren2 = 12;
    public const int Check = 13;
    public const int Multi = 14;
    public const int Auth = 100;
    public const int SetWatches = 101;
    public const int CloseSession = -11;

    /// <summary>Xid of watcher notifications sent by the server.</summary>
    public const int NotificationXid = -1;
    public const int PingXid = -2;
    public const int AuthXid = -4;
    public const int SetWatchesXid = -8;
}

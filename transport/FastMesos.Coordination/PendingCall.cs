namespace FastMesos.Coordination;

/// <summary>A request sent and not yet answered. Replies arrive in send order, so the head of the queue must carry the reply's xid.</summary>
internal sealed class PendingCall(int xid, string? clientPath, WatchKind watchKind, Action<WatchedEvent>? watcher, string? serverPath)
{
    public int Xid { get; } = xid;
    public string? ClientPath { get; } = clientPath;
    public string? ServerPath { get; } = serverPath;
    public WatchKind WatchKind { get; } = watchKind;
    public Action<WatchedEvent>? Watcher { get; } = watcher;
    public TaskCompletionSource<Reply> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

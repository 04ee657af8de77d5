using FastMesos.Coordination.Jute;

namespace FastMesos.Coordination;

public sealed partial class ZooKeeperClient
{
    /// <summary>Creates a node open to everybody (<see cref="Acl.OpenUnsafe"/>) and returns its actual path (sequential modes append the counter).</summary>
    public Task<string> CreateAsync(string path, byte[] data, CreateMode mode = CreateMode.Persistent, CancellationToken cancellationToken = default) =>
        CreateAsync(path, data, mode, Acl.OpenUnsafe, cancellationToken);

    /// <summary>
    /// Creates a node with the access control list <paramref name="acl"/> and returns its actual path.
    /// Throws <see cref="InvalidAclException"/> for a creator ACL from a session without credentials, and
    /// <see cref="NoAuthException"/> when the parent's ACL does not let this session create children.
    /// </summary>
    public async Task<string> CreateAsync(string path, byte[] data, CreateMode mode, IReadOnlyList<Acl> acl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(acl);
        var body = new JuteWriter();
        WriteCreate(body, ToServerPath(path), data, mode, acl);
        Reply reply = await CallAsync(OpCode.Create, path, body, default, null, cancellationToken).ConfigureAwait(false);
        ThrowIfError(reply, path);
        return Decode(reply, body => ToClientPath(new JuteReader(body).ReadString() ?? ZooKeeperProtocolException.ThrowString("create reply without a path")));
    }

    /// <summary>Deletes a node if its version matches (-1: any version).</summary>
    public async Task DeleteAsync(string path, int version = -1, CancellationToken cancellationToken = default)
    {
        var body = new JuteWriter();
        body.WriteString(ToServerPath(path));
        body.WriteInt(version);
        Reply reply = await CallAsync(OpCode.Delete, path, body, default, null, cancellationToken).ConfigureAwait(false);
        ThrowIfError(reply, path);
    }

    /// <summary>The node's stat, or null if it does not exist. A watch fires once on creation, deletion or data change.</summary>
    public async Task<Stat?> ExistsAsync(string path, Action<WatchedEvent>? watch = null, CancellationToken cancellationToken = default)
    {
        Reply reply = await CallAsync(OpCode.Exists, path, PathAndWatch(path, watch), WatchKind.Exists, watch, cancellationToken).ConfigureAwait(false);
        if (reply.Error == ZooKeeperErrorCode.NoNode)
            return null;
        ThrowIfError(reply, path);
        return Decode(reply, static body => new JuteReader(body).ReadStat());
    }

    /// <summary>The node's data and stat. A watch fires once on data change or deletion.</summary>
    public async Task<(byte[] Data, Stat Stat)> GetDataAsync(string path, Action<WatchedEvent>? watch = null, CancellationToken cancellationToken = default)
    {
        Reply reply = await CallAsync(OpCode.GetData, path, PathAndWatch(path, watch), WatchKind.Data, watch, cancellationToken).ConfigureAwait(false);
        ThrowIfError(reply, path);
        return Decode(reply, static body =>
        {
            var reader = new JuteReader(body);
            byte[] data = reader.ReadBuffer() ?? [];
            return (data, reader.ReadStat());
        });
    }

    /// <summary>Replaces the data if the version matches (-1: any); returns the new stat.</summary>
    public async Task<Stat> SetDataAsync(string path, byte[] data, int version = -1, CancellationToken cancellationToken = default)
    {
        var body = new JuteWriter();
        body.WriteString(ToServerPath(path));
        body.WriteBuffer(data);
        body.WriteInt(version);
        Reply reply = await CallAsync(OpCode.SetData, path, body, default, null, cancellationToken).ConfigureAwait(false);
        ThrowIfError(reply, path);
        return Decode(reply, static body => new JuteReader(body).ReadStat());
    }

    /// <summary>The node's child names (unordered) and stat. A watch fires once when children change or the node is deleted.</summary>
    public async Task<(List<string> Children, Stat Stat)> GetChildrenAsync(string path, Action<WatchedEvent>? watch = null, CancellationToken cancellationToken = default)
    {
        Reply reply = await CallAsync(OpCode.GetChildren2, path, PathAndWatch(path, watch), WatchKind.Child, watch, cancellationToken).ConfigureAwait(false);
        ThrowIfError(reply, path);
        return Decode(reply, static body =>
        {
            var reader = new JuteReader(body);
            int count = reader.ReadVectorCount(4);
            var children = new List<string>(count);
            for (int i = 0; i < count; i++)
                children.Add(reader.ReadString() ?? "");
            return (children, reader.ReadStat());
        });
    }

    /// <summary>Waits until the server this client talks to has caught up with the leader for <paramref name="path"/>.</summary>
    public async Task SyncAsync(string path, CancellationToken cancellationToken = default)
    {
        var body = new JuteWriter();
        body.WriteString(ToServerPath(path));
        Reply reply = await CallAsync(OpCode.Sync, path, body, default, null, cancellationToken).ConfigureAwait(false);
        ThrowIfError(reply, path);
    }

    /// <summary>
    /// Applies all <paramref name="ops"/> atomically. If one fails, none is applied and the exception for
    /// the first failing op is thrown (its message names the op's index).
    /// </summary>
    public async Task<List<MultiResult>> MultiAsync(IReadOnlyList<MultiOp> ops, CancellationToken cancellationToken = default)
    {
        var body = new JuteWriter();
        foreach (MultiOp op in ops)
        {
            int type = op.Kind switch
            {
                MultiOpKind.Create => OpCode.Create,
                MultiOpKind.Delete => OpCode.Delete,
                MultiOpKind.SetData => OpCode.SetData,
                _ => OpCode.Check,
            };
            WriteMultiHeader(body, type, done: false, -1);
            string serverPath = ToServerPath(op.Path);
            switch (op.Kind)
            {
                case MultiOpKind.Create:
                    WriteCreate(body, serverPath, op.Data ?? [], op.Mode, op.Acl ?? Acl.OpenUnsafe);
                    break;
                case MultiOpKind.SetData:
                    body.WriteString(serverPath);
                    body.WriteBuffer(op.Data ?? []);
                    body.WriteInt(op.Version);
                    break;
                default:
                    body.WriteString(serverPath);
                    body.WriteInt(op.Version);
                    break;
            }
        }

        WriteMultiHeader(body, -1, done: true, -1);
        Reply reply = await CallAsync(OpCode.Multi, null, body, default, null, cancellationToken).ConfigureAwait(false);
        if (reply.Body.Length == 0)
            ThrowIfError(reply, null);
        return Decode(reply, body => ParseMultiReply(body, ops, reply.Error));
    }

    private List<MultiResult> ParseMultiReply(byte[] body, IReadOnlyList<MultiOp> ops, ZooKeeperErrorCode headerError)
    {
        var reader = new JuteReader(body);
        var results = new List<MultiResult>(ops.Count);
        ZooKeeperException? failure = null;
        for (int i = 0; ; i++)
        {
            int type = reader.ReadInt();
            bool done = reader.ReadBool();
            reader.ReadInt(); // header err: the error result below carries it
            if (done)
                break;
            if (i >= ops.Count)
                ZooKeeperProtocolException.Throw($"multi reply has more results than the {ops.Count} ops sent");
            MultiOpKind kind = ops[i].Kind;
            switch (type)
            {
                case OpCode.Create:
                    results.Add(new MultiResult(kind, ToClientPath(reader.ReadString() ?? ""), null));
                    break;
                case OpCode.SetData:
                    results.Add(new MultiResult(kind, null, reader.ReadStat()));
                    break;
                case -1:
                    var code = (ZooKeeperErrorCode)reader.ReadInt();
                    // Ops before the failing one report Ok, those after it RuntimeInconsistency.
                    if (failure is null && code is not ZooKeeperErrorCode.Ok and not ZooKeeperErrorCode.RuntimeInconsistency)
                        failure = ZooKeeperException.Create(code, ops[i].Path, $"multi op #{i} ({kind}) failed; no op was applied");
                    break;
                default:
                    results.Add(new MultiResult(kind, null, null));
                    break;
            }
        }

        if (failure is not null)
            throw failure;
        if (headerError != ZooKeeperErrorCode.Ok)
            throw ZooKeeperException.Create(headerError, null, "multi failed");
        return results;
    }

    private static void WriteMultiHeader(JuteWriter writer, int type, bool done, int error)
    {
        writer.WriteInt(type);
        writer.WriteBool(done);
        writer.WriteInt(error);
    }

    private static void WriteCreate(JuteWriter body, string serverPath, byte[] data, CreateMode mode, IReadOnlyList<Acl> acl)
    {
        body.WriteString(serverPath);
        body.WriteBuffer(data);
        WriteAcl(body, acl);
        body.WriteInt((int)mode);
    }

    private JuteWriter PathAndWatch(string path, Action<WatchedEvent>? watch)
    {
        var body = new JuteWriter();
        body.WriteString(ToServerPath(path));
        body.WriteBool(watch is not null);
        return body;
    }
}

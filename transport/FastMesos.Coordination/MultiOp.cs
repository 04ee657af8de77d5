namespace FastMesos.Coordination;

/// <summary>One operation of a <see cref="ZooKeeperClient.MultiAsync"/> transaction: all apply or none.</summary>
public readonly record struct MultiOp(MultiOpKind Kind, string Path, byte[]? Data, int Version, CreateMode Mode)
{
    /// <summary>The ACL of a created node; null: <see cref="Coordination.Acl.OpenUnsafe"/>.</summary>
    public IReadOnlyList<Acl>? Acl { get; init; }

    public static MultiOp Create(string path, byte[] data, CreateMode mode = CreateMode.Persistent) => new(MultiOpKind.Create, path, data, -1, mode);

    public static MultiOp Create(string path, byte[] data, CreateMode mode, IReadOnlyList<Acl> acl) =>
        new(MultiOpKind.Create, path, data, -1, mode) { Acl = acl };

    public static MultiOp Delete(string path, int version = -1) => new(MultiOpKind.Delete, path, null, version, default);

    public static MultiOp SetData(string path, byte[] data, int version = -1) => new(MultiOpKind.SetData, path, data, version, default);

    /// <summary>Fails the transaction unless the node's version is <paramref name="version"/>.</summary>
    public static MultiOp Check(string path, int version) => new(MultiOpKind.Check, path, null, version, default);
}

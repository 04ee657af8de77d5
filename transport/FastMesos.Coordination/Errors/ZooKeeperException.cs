namespace FastMesos.Coordination;

/// <summary>A ZooKeeper call failed with <see cref="Code"/>; the common codes have their own subclasses.</summary>
public class ZooKeeperException : Exception
{
    public ZooKeeperException(ZooKeeperErrorCode code, string? path, string? detail = null)
        : base(FormatMessage(code, path, detail))
    {
        Code = code;
        Path = path;
    }

    public ZooKeeperErrorCode Code { get; }

    /// <summary>The path the call named (relative to the chroot), when there was one.</summary>
    public string? Path { get; }

    /// <summary>The exception for a server error code: the specific subclass when there is one.</summary>
    public static ZooKeeperException Create(ZooKeeperErrorCode code, string? path, string? detail = null) => code switch
    {
        ZooKeeperErrorCode.NoNode => new NoNodeException(path, detail),
        ZooKeeperErrorCode.NodeExists => new NodeExistsException(path, detail),
        ZooKeeperErrorCode.BadVersion => new BadVersionException(path, detail),
        ZooKeeperErrorCode.NotEmpty => new NotEmptyException(path, detail),
        ZooKeeperErrorCode.SessionExpired => new SessionExpiredException(detail),
        ZooKeeperErrorCode.ConnectionLoss => new ConnectionLossException(detail),
        ZooKeeperErrorCode.NoChildrenForEphemerals => new NoChildrenForEphemeralsException(path, detail),
        ZooKeeperErrorCode.NoAuth => new NoAuthException(path, detail),
        ZooKeeperErrorCode.InvalidAcl => new InvalidAclException(path, detail),
        _ => new ZooKeeperException(code, path, detail),
    };

    private static string FormatMessage(ZooKeeperErrorCode code, string? path, string? detail)
    {
        string text = path is null ? $"ZooKeeper error {code} ({(int)code})" : $"ZooKeeper error {code} ({(int)code}) for {path}";
        return detail is null ? text : $"{text}: {detail}";
    }
}

using System.Security.Cryptography;
using System.Text;

namespace FastMesos.Coordination;

/// <summary>
/// One entry of a znode's access control list: <paramref name="Permissions"/> for the identity
/// <paramref name="Id"/> of <paramref name="Scheme"/> (<c>world:anyone</c>, <c>digest:user:base64(sha1(user:password))</c>,
/// <c>auth:</c> = whoever creates the node, expanded by the server to the creator's authenticated ids).
/// The presets are ZooKeeper's (ZooDefs.Ids) and Mesos' lists.
/// </summary>
public readonly record struct Acl(AclPermissions Permissions, string Scheme, string Id)
{
    /// <summary>Everybody may do anything (ZooKeeper's OPEN_ACL_UNSAFE): what nodes get without an ACL.</summary>
    public static IReadOnlyList<Acl> OpenUnsafe { get; } = [new(AclPermissions.All, "world", "anyone")];

    /// <summary>
    /// Only the creator's authenticated identities may do anything (CREATOR_ALL_ACL). The creating
    /// client must have authenticated (digest credentials), else the server refuses with InvalidACL.
    /// </summary>
    public static IReadOnlyList<Acl> CreatorAll { get; } = [new(AclPermissions.All, "auth", "")];

    /// <summary>Everybody may read (READ_ACL_UNSAFE).</summary>
    public static IReadOnlyList<Acl> ReadUnsafe { get; } = [new(AclPermissions.Read, "world", "anyone")];

    /// <summary>
    /// Everybody reads, the creator does everything: Mesos' EVERYONE_READ_CREATOR_ALL, used for the
    /// election nodes when the masters have credentials, so that detectors without them still find the leader.
    /// </summary>
    public static IReadOnlyList<Acl> EveryoneReadCreatorAll { get; } =
        [new(AclPermissions.Read, "world", "anyone"), new(AclPermissions.All, "auth", "")];

    /// <summary>The digest identity of <paramref name="user"/>:<paramref name="password"/> as the server stores it.</summary>
    public static Acl Digest(string user, string password, AclPermissions permissions = AclPermissions.All)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        byte[] hash = SHA1.HashData(Encoding.UTF8.GetBytes($"{user}:{password}"));
        return new Acl(permissions, "digest", $"{user}:{Convert.ToBase64String(hash)}");
    }
}

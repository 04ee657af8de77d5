namespace FastMesos.Coordination;

/// <summary>ZooKeeper's permission bits (ZooDefs.Perms), as an ACL entry carries them on the wire.</summary>
[Flags]
public enum AclPermissions
{
    None = 0,
    /// <summary>getData and getChildren (exists is never checked).</summary>
    Read = 1,
    /// <summary>setData.</summary>
    Write = 2,
    /// <summary>Creating children.</summary>
    Create = 4,
    /// <summary>Deleting children.</summary>
    Delete = 8,
    /// <summary>setACL.</summary>
    Admin = 16,
    All = Read | Write | Create | Delete | Admin,
}

using FastMesos.Coordination.Jute;

namespace FastMesos.Coordination;

public sealed partial class ZooKeeperClient
{
    /// <summary>
    /// The node's ACL and stat. <c>auth</c> entries come back as the creator's identities, digest ones
    /// as <c>user:base64(sha1)</c> (<see cref="Acl.Digest"/>). Needs Read or Admin (<see cref="NoAuthException"/>);
    /// without Admin the server redacts digest hashes to <c>user:x</c>.
    /// </summary>
    public async Task<(List<Acl> Acl, Stat Stat)> GetAclAsync(string path, CancellationToken cancellationToken = default)
    {
        var body = new JuteWriter();
        body.WriteString(ToServerPath(path));
        Reply reply = await CallAsync(OpCode.GetAcl, path, body, default, null, cancellationToken).ConfigureAwait(false);
        ThrowIfError(reply, path);
        return Decode(reply, static body =>
        {
            var reader = new JuteReader(body);
            List<Acl> acl = ReadAcl(ref reader);
            return (acl, reader.ReadStat());
        });
    }

    /// <summary>
    /// Replaces the node's ACL if its ACL version (<see cref="Stat.Aversion"/>) matches (-1: any); needs
    /// the Admin permission (<see cref="NoAuthException"/> otherwise). Returns the new stat.
    /// </summary>
    public async Task<Stat> SetAclAsync(string path, IReadOnlyList<Acl> acl, int version = -1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(acl);
        var body = new JuteWriter();
        body.WriteString(ToServerPath(path));
        WriteAcl(body, acl);
        body.WriteInt(version);
        Reply reply = await CallAsync(OpCode.SetAcl, path, body, default, null, cancellationToken).ConfigureAwait(false);
        ThrowIfError(reply, path);
        return Decode(reply, static body => new JuteReader(body).ReadStat());
    }

    /// <summary>vector&lt;ACL&gt;: count, then per entry perms, scheme, id.</summary>
    private static void WriteAcl(JuteWriter body, IReadOnlyList<Acl> acl)
    {
        body.WriteInt(acl.Count);
        for (int i = 0; i < acl.Count; i++)
        {
            body.WriteInt((int)acl[i].Permissions);
            body.WriteString(acl[i].Scheme);
            body.WriteString(acl[i].Id);
        }
    }

    private static List<Acl> ReadAcl(ref JuteReader reader)
    {
        // An entry is at least perms plus two string lengths.
        int count = reader.ReadVectorCount(12);
        var acl = new List<Acl>(count);
        for (int i = 0; i < count; i++)
        {
            var permissions = (AclPermissions)reader.ReadInt();
            string scheme = reader.ReadString() ?? "";
            string id = reader.ReadString() ?? "";
            acl.Add(new Acl(permissions, scheme, id));
        }

        return acl;
    }
}

namespace FastMesos.Coordination.Recipes;

/// <summary>
/// The members of an election group: children named prefix + 10-digit sequence, ordered by the
/// sequence (the server's counter, so creation order). Other children are ignored.
/// </summary>
internal static class GroupMembers
{
    private const int SequenceDigits = 10;

    public static List<string> Ordered(List<string> children, string prefix)
    {
        var members = new List<string>(children.Count);
        foreach (string child in children)
        {
            if (child.Length == prefix.Length + SequenceDigits && child.StartsWith(prefix, StringComparison.Ordinal))
                members.Add(child);
        }

        // Same prefix and fixed-width digits: ordinal order is sequence order.
        members.Sort(StringComparer.Ordinal);
        return members;
    }

    public static string Combine(string group, string name) => group == "/" ? "/" + name : group + "/" + name;

    /// <summary>Creates <paramref name="path"/> and its missing ancestors as empty persistent nodes (open to everybody).</summary>
    public static Task EnsurePathAsync(ZooKeeperClient client, string path, CancellationToken cancellationToken) =>
        EnsurePathAsync(client, path, Acl.OpenUnsafe, cancellationToken);

    /// <summary>
    /// Creates <paramref name="path"/> and its missing ancestors as empty persistent nodes with
    /// <paramref name="acl"/> (as Mesos creates its group path); existing nodes keep their ACL.
    /// </summary>
    public static async Task EnsurePathAsync(ZooKeeperClient client, string path, IReadOnlyList<Acl> acl, CancellationToken cancellationToken)
    {
        int next = 1;
        while (next > 0 && next <= path.Length)
        {
            int slash = path.IndexOf('/', next);
            string prefix = slash < 0 ? path : path[..slash];
            try
            {
                await client.CreateAsync(prefix, [], CreateMode.Persistent, acl, cancellationToken).ConfigureAwait(false);
            }
            catch (NodeExistsException)
            {
            }

            next = slash < 0 ? -1 : slash + 1;
        }
    }
}

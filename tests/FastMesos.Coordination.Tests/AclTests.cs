using System.Text;

namespace FastMesos.Coordination.Tests;

/// <summary>
/// ACLs against the real server: a node created world-readable and creator-only by a client with
/// digest credentials can be read by anybody but changed only by the creator's identity.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class AclTests(ServerFixture fixture) : IAsyncLifetime
{
    private readonly string _root = "/acl-" + Guid.NewGuid().ToString("N");
    private ZooKeeperClient _owner = null!;
    private ZooKeeperClient _anonymous = null!;

    public async Task InitializeAsync()
    {
        _owner = await ZooKeeperClient.ConnectAsync($"zk://user:secret@127.0.0.1:{fixture.Server.Port}");
        _anonymous = await ZooKeeperClient.ConnectAsync(fixture.Server.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _owner.DisposeAsync();
        await _anonymous.DisposeAsync();
    }

    [Fact]
    public async Task Everyone_reads_only_the_creator_writes_and_deletes()
    {
        await _owner.CreateAsync(_root, [], CreateMode.Persistent, Acl.EveryoneReadCreatorAll);
        string node = await _owner.CreateAsync(_root + "/n", "v1"u8.ToArray(), CreateMode.Persistent, Acl.EveryoneReadCreatorAll);

        (byte[] data, _) = await _anonymous.GetDataAsync(node);
        Assert.Equal("v1", Encoding.UTF8.GetString(data));
        Assert.Equal(["n"], (await _anonymous.GetChildrenAsync(_root)).Children);

        NoAuthException write = await Assert.ThrowsAsync<NoAuthException>(() => _anonymous.SetDataAsync(node, "x"u8.ToArray()));
        Assert.Equal(ZooKeeperErrorCode.NoAuth, write.Code);
        Assert.Equal(node, write.Path);
        Assert.Contains("ACL", write.Message, StringComparison.Ordinal);
        // Deleting needs the Delete permission on the parent, creating the Create permission there.
        await Assert.ThrowsAsync<NoAuthException>(() => _anonymous.DeleteAsync(node));
        await Assert.ThrowsAsync<NoAuthException>(() => _anonymous.CreateAsync(_root + "/other", []));
        await Assert.ThrowsAsync<NoAuthException>(() => _anonymous.SetAclAsync(node, Acl.OpenUnsafe));

        // Another identity is no better than none.
        await using (ZooKeeperClient stranger = await ZooKeeperClient.ConnectAsync($"zk://mallory:guess@127.0.0.1:{fixture.Server.Port}"))
            await Assert.ThrowsAsync<NoAuthException>(() => stranger.SetDataAsync(node, "x"u8.ToArray()));

        await _owner.SetDataAsync(node, "v2"u8.ToArray());
        Assert.Equal("v2", Encoding.UTF8.GetString((await _anonymous.GetDataAsync(node)).Data));
        await _owner.DeleteAsync(node);
        Assert.Null(await _anonymous.ExistsAsync(node));
    }

    [Fact]
    public async Task The_creator_entry_is_stored_as_the_creators_digest_identity()
    {
        string node = await _owner.CreateAsync(_root, [], CreateMode.Persistent, Acl.EveryoneReadCreatorAll);

        (List<Acl> acl, Stat stat) = await _owner.GetAclAsync(node);

        Assert.Equal([new Acl(AclPermissions.Read, "world", "anyone"), Acl.Digest("user", "secret")], acl);
        Assert.Equal(0, stat.Aversion);
        // A reader without Admin sees the digest's hash redacted.
        Assert.Equal([new Acl(AclPermissions.Read, "world", "anyone"), new Acl(AclPermissions.All, "digest", "user:x")], (await _anonymous.GetAclAsync(node)).Acl);
        Assert.Equal(Acl.OpenUnsafe, (await _anonymous.GetAclAsync("/")).Acl);
    }

    [Fact]
    public async Task The_creator_can_open_a_node_with_setAcl_checked_against_the_acl_version()
    {
        string node = await _owner.CreateAsync(_root, [], CreateMode.Persistent, Acl.CreatorAll);
        await Assert.ThrowsAsync<NoAuthException>(() => _anonymous.GetDataAsync(node));

        await Assert.ThrowsAsync<BadVersionException>(() => _owner.SetAclAsync(node, Acl.OpenUnsafe, version: 5));
        Stat stat = await _owner.SetAclAsync(node, Acl.OpenUnsafe, version: 0);

        Assert.Equal(1, stat.Aversion);
        await _anonymous.SetDataAsync(node, "open"u8.ToArray());
        await _anonymous.DeleteAsync(node);
    }

    [Fact]
    public async Task A_creator_acl_without_credentials_is_refused_as_invalid()
    {
        InvalidAclException e = await Assert.ThrowsAsync<InvalidAclException>(() => _anonymous.CreateAsync(_root, [], CreateMode.Persistent, Acl.CreatorAll));
        Assert.Equal(ZooKeeperErrorCode.InvalidAcl, e.Code);
        Assert.Null(await _anonymous.ExistsAsync(_root));
    }

    [Fact]
    public async Task Multi_creates_with_the_ops_acl()
    {
        await _owner.MultiAsync([MultiOp.Create(_root, [], CreateMode.Persistent, Acl.EveryoneReadCreatorAll), MultiOp.Create(_root + "/open", [])]);

        await Assert.ThrowsAsync<NoAuthException>(() => _anonymous.CreateAsync(_root + "/x", []));
        Assert.Equal(Acl.OpenUnsafe, (await _anonymous.GetAclAsync(_root + "/open")).Acl);
        await _anonymous.SetDataAsync(_root + "/open", "y"u8.ToArray());
    }
}

using System.Text;

namespace FastMesos.Coordination.Tests;

[Collection(SharedServer.Name)]
public sealed class OperationTests(ServerFixture fixture) : IAsyncLifetime
{
    private readonly string _root = "/ops-" + Guid.NewGuid().ToString("N");
    private ZooKeeperClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = await ZooKeeperClient.ConnectAsync(fixture.Server.ConnectionString);
        await _client.CreateAsync(_root, []);
    }

    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Fact]
    public async Task Create_get_set_delete_with_versions()
    {
        string path = await _client.CreateAsync(_root + "/a", "one"u8.ToArray());
        Assert.Equal(_root + "/a", path);

        (byte[] data, Stat stat) = await _client.GetDataAsync(path);
        Assert.Equal("one", Encoding.UTF8.GetString(data));
        Assert.Equal(0, stat.Version);
        Assert.Equal(3, stat.DataLength);

        Stat updated = await _client.SetDataAsync(path, "two"u8.ToArray(), version: 0);
        Assert.Equal(1, updated.Version);
        await Assert.ThrowsAsync<BadVersionException>(() => _client.SetDataAsync(path, "x"u8.ToArray(), version: 0));
        await Assert.ThrowsAsync<BadVersionException>(() => _client.DeleteAsync(path, version: 0));

        await _client.DeleteAsync(path, version: 1);
        Assert.Null(await _client.ExistsAsync(path));
        await Assert.ThrowsAsync<NoNodeException>(() => _client.GetDataAsync(path));
    }

    [Fact]
    public async Task Errors_map_to_their_exceptions()
    {
        await _client.CreateAsync(_root + "/p", []);
        await _client.CreateAsync(_root + "/p/c", []);
        NodeExistsException exists = await Assert.ThrowsAsync<NodeExistsException>(() => _client.CreateAsync(_root + "/p", []));
        Assert.Equal(_root + "/p", exists.Path);
        await Assert.ThrowsAsync<NotEmptyException>(() => _client.DeleteAsync(_root + "/p"));
        await Assert.ThrowsAsync<NoNodeException>(() => _client.CreateAsync(_root + "/missing/child", []));
        await Assert.ThrowsAsync<NoNodeException>(() => _client.DeleteAsync(_root + "/missing"));

        await _client.CreateAsync(_root + "/e", [], CreateMode.Ephemeral);
        await Assert.ThrowsAsync<NoChildrenForEphemeralsException>(() => _client.CreateAsync(_root + "/e/c", []));
        await Assert.ThrowsAsync<ArgumentException>(() => _client.CreateAsync("relative", []));
    }

    [Fact]
    public async Task Sequential_nodes_get_increasing_ten_digit_suffixes()
    {
        string first = await _client.CreateAsync(_root + "/seq-", [], CreateMode.PersistentSequential);
        string second = await _client.CreateAsync(_root + "/seq-", [], CreateMode.EphemeralSequential);
        Assert.Equal(_root + "/seq-0000000000", first);
        Assert.Equal(_root + "/seq-0000000001", second);
        Stat? ephemeral = await _client.ExistsAsync(second);
        Assert.Equal(_client.SessionId, ephemeral!.Value.EphemeralOwner);
    }

    [Fact]
    public async Task Get_children_returns_names_and_stat()
    {
        await _client.CreateAsync(_root + "/x", []);
        await _client.CreateAsync(_root + "/y", []);
        (List<string> children, Stat stat) = await _client.GetChildrenAsync(_root);
        children.Sort(StringComparer.Ordinal);
        Assert.Equal(["x", "y"], children);
        Assert.Equal(2, stat.NumChildren);
        await _client.SyncAsync(_root);
    }

    [Fact]
    public async Task Pipelined_calls_all_complete_in_order()
    {
        var creates = new List<Task<string>>();
        for (int i = 0; i < 200; i++)
            creates.Add(_client.CreateAsync($"{_root}/n{i}", BitConverter.GetBytes(i)));
        string[] paths = await Task.WhenAll(creates);
        for (int i = 0; i < paths.Length; i++)
            Assert.Equal($"{_root}/n{i}", paths[i]);
        (List<string> children, _) = await _client.GetChildrenAsync(_root);
        Assert.Equal(200, children.Count);
    }

    [Fact]
    public async Task Ephemeral_node_disappears_when_its_session_closes()
    {
        ZooKeeperClient owner = await ZooKeeperClient.ConnectAsync(fixture.Server.ConnectionString);
        await owner.CreateAsync(_root + "/eph", [], CreateMode.Ephemeral);
        Assert.NotNull(await _client.ExistsAsync(_root + "/eph"));
        await owner.DisposeAsync();
        Assert.Equal(ZooKeeperState.Closed, owner.State);
        Assert.Null(await _client.ExistsAsync(_root + "/eph"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => owner.ExistsAsync("/"));
    }

    [Fact]
    public async Task Multi_applies_all_or_nothing()
    {
        await _client.CreateAsync(_root + "/m", "v0"u8.ToArray());
        List<MultiResult> results = await _client.MultiAsync([
            MultiOp.Create(_root + "/m1", "a"u8.ToArray()),
            MultiOp.Check(_root + "/m", 0),
            MultiOp.SetData(_root + "/m", "v1"u8.ToArray(), 0),
            MultiOp.Create(_root + "/q-", [], CreateMode.PersistentSequential),
        ]);
        Assert.Equal(4, results.Count);
        Assert.Equal(_root + "/m1", results[0].CreatedPath);
        Assert.Equal(1, results[2].Stat!.Value.Version);
        Assert.Equal(_root + "/q-0000000002", results[3].CreatedPath);

        BadVersionException failed = await Assert.ThrowsAsync<BadVersionException>(() => _client.MultiAsync([
            MultiOp.Create(_root + "/m2", []),
            MultiOp.Delete(_root + "/m1"),
            MultiOp.Check(_root + "/m", 0),
        ]));
        Assert.Contains("#2", failed.Message, StringComparison.Ordinal);
        Assert.Null(await _client.ExistsAsync(_root + "/m2"));
        Assert.NotNull(await _client.ExistsAsync(_root + "/m1"));

        await _client.MultiAsync([MultiOp.Delete(_root + "/m1", 0), MultiOp.Delete(_root + "/m", 1)]);
        Assert.Null(await _client.ExistsAsync(_root + "/m"));
    }

    [Fact]
    public async Task Chroot_prefixes_every_path()
    {
        await using ZooKeeperClient rooted = await ZooKeeperClient.ConnectAsync(fixture.Server.ConnectionString + _root);
        string created = await rooted.CreateAsync("/inside", "c"u8.ToArray());
        Assert.Equal("/inside", created);
        Assert.NotNull(await _client.ExistsAsync(_root + "/inside"));
        (List<string> children, _) = await rooted.GetChildrenAsync("/");
        Assert.Contains("inside", children);
        string sequential = await rooted.CreateAsync("/s-", [], CreateMode.PersistentSequential);
        Assert.StartsWith("/s-", sequential, StringComparison.Ordinal);

        var fired = new TaskCompletionSource<WatchedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        await rooted.GetDataAsync("/inside", e => fired.TrySetResult(e));
        await _client.SetDataAsync(_root + "/inside", "d"u8.ToArray());
        WatchedEvent seen = await fired.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("/inside", seen.Path);
    }
}

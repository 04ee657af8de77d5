using FastMesos.Coordination.Recipes;

namespace FastMesos.Coordination.Tests;

[Collection(SharedServer.Name)]
public sealed class StateStoreTests(ServerFixture fixture) : IAsyncLifetime
{
    private ZooKeeperClient _client = null!;
    private StateStore _store = null!;

    public async Task InitializeAsync()
    {
        _client = await ZooKeeperClient.ConnectAsync(fixture.Server.ConnectionString);
        _store = new StateStore(_client, "/store-" + Guid.NewGuid().ToString("N") + "/registry");
        await _store.InitializeAsync();
    }

    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Fact]
    public async Task Compare_and_set_by_version()
    {
        Assert.Null(await _store.GetAsync("agents"));
        Assert.Equal(0, await _store.SetAsync("agents", [1, 2, 3], expectedVersion: null));
        await Assert.ThrowsAsync<NodeExistsException>(() => _store.SetAsync("agents", [9], expectedVersion: null));
        Assert.Equal(1, await _store.SetAsync("agents", [4], expectedVersion: 0));
        await Assert.ThrowsAsync<BadVersionException>(() => _store.SetAsync("agents", [5], expectedVersion: 0));

        VersionedValue? current = await _store.GetAsync("agents");
        Assert.Equal([4], current!.Value);
        Assert.Equal(1, current.Version);

        await Assert.ThrowsAsync<BadVersionException>(() => _store.DeleteAsync("agents", version: 0));
        await _store.DeleteAsync("agents", version: 1);
        Assert.Null(await _store.GetAsync("agents"));
    }

    [Fact]
    public async Task Large_compressible_value_is_stored_compressed_inline()
    {
        byte[] value = new byte[3 * 1024 * 1024];
        for (int i = 0; i < value.Length; i++)
            value[i] = (byte)(i % 7);
        await _store.SetAsync("apps", value, null);
        Assert.Equal(value, (await _store.GetAsync("apps"))!.Value);
        Assert.Empty(await _store.ChunkNodesAsync());
    }

    [Fact]
    public async Task Large_incompressible_value_is_split_into_chunks_and_replaced_cleanly()
    {
        byte[] first = new byte[3 * 1024 * 1024];
        new Random(1).NextBytes(first);
        Assert.Equal(0, await _store.SetAsync("big", first, null));
        Assert.Equal(first, (await _store.GetAsync("big"))!.Value);
        Assert.Equal(6, (await _store.ChunkNodesAsync()).Count);

        byte[] second = new byte[StateStore.InlineLimit + 1];
        new Random(2).NextBytes(second);
        Assert.Equal(1, await _store.SetAsync("big", second, 0));
        Assert.Equal(second, (await _store.GetAsync("big"))!.Value);
        Assert.Equal(2, (await _store.ChunkNodesAsync()).Count); // the first value's chunks are gone

        // A losing writer leaves no chunks behind.
        await Assert.ThrowsAsync<BadVersionException>(() => _store.SetAsync("big", first, 0));
        Assert.Equal(2, (await _store.ChunkNodesAsync()).Count);

        await _store.DeleteAsync("big");
        Assert.Empty(await _store.ChunkNodesAsync());
    }
}

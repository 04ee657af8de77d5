using System.Text;
using FastMesos.Coordination;
using FastMesos.Coordination.Tests;
using FastMesos.Marathon.State;

namespace FastMesos.Cluster.Tests;

/// <summary><see cref="ZooKeeperMarathonStore"/> against a real ZooKeeper server: Marathon's keys as nested znodes.</summary>
public sealed class MarathonZooKeeperStoreTests
{
    [Fact]
    public async Task Writes_of_one_key_in_flight_together_land_in_the_order_they_were_made()
    {
        await using ZooKeeperServer server = await ZooKeeperServer.StartNewAsync();
        await using ZooKeeperMarathonStore store = await ZooKeeperMarathonStore.ConnectAsync(server.ConnectionString + "/marathon");
        // As the runtime writes without waiting: an instance's states one after another, and a
        // deployment's step stored and then its plan deleted, all in flight together.
        var writes = new List<Task>();
        for (int i = 0; i < 50; i++)
        {
            writes.Add(store.PutAsync("instances/web.a", Bytes($"state {i}")));
            if (i % 10 == 0)
                writes.Add(store.PutAsync("deployments/d1", Bytes($"step {i / 10}")));
        }
        writes.Add(store.DeleteAsync("deployments/d1"));
        await Task.WhenAll(writes);
        Assert.Equal("state 49", Text(await store.GetAsync("instances/web.a")));
        Assert.Null(await store.GetAsync("deployments/d1"));
    }

    [Fact]
    public async Task Keys_are_put_read_replaced_listed_one_level_and_deleted()
    {
        await using ZooKeeperServer server = await ZooKeeperServer.StartNewAsync();
        await using ZooKeeperMarathonStore store = await ZooKeeperMarathonStore.ConnectAsync(server.ConnectionString + "/marathon");
        Assert.Equal("/marathon/state", store.Root);

        Assert.Null(await store.GetAsync("group"));
        Assert.Empty(await store.ListAsync("instances"));
        await store.DeleteAsync("instances/missing"); // not an error

        await store.PutAsync("group", Bytes("root v1"));
        await store.PutAsync("instances/web.b", Bytes("b"));
        await store.PutAsync("instances/web.a", Bytes("a"));
        await store.PutAsync("versions/g_web/2026-01-01T00:00:00.000Z", Bytes("web at 1"));
        await store.PutAsync("framework-id", Bytes("fw-1"));
        Assert.Equal("root v1", Text(await store.GetAsync("group")));
        Assert.Equal(["web.a", "web.b"], await store.ListAsync("instances"));
        Assert.Equal(["g_web"], await store.ListAsync("versions"));
        Assert.Equal(["2026-01-01T00:00:00.000Z"], await store.ListAsync("versions/g_web"));

        await store.PutAsync("group", Bytes("root v2"));
        Assert.Equal("root v2", Text(await store.GetAsync("group")));

        // A value past ZooKeeper's 1 MB node limit (a big root group) is chunked by the StateStore; the chunk folder stays hidden.
        byte[] big = new byte[3 * 1024 * 1024];
        new Random(7).NextBytes(big);
        await store.PutAsync("instances/huge", big);
        Assert.Equal(big, await store.GetAsync("instances/huge"));
        Assert.Equal(["huge", "web.a", "web.b"], await store.ListAsync("instances"));

        await store.DeleteAsync("instances/web.a");
        await store.DeleteAsync("instances/huge");
        Assert.Null(await store.GetAsync("instances/web.a"));
        Assert.Equal(["web.b"], await store.ListAsync("instances"));

        // What a second session (the next leader) sees.
        await using ZooKeeperClient other = await ZooKeeperClient.ConnectAsync(server.ConnectionString);
        await using var next = new ZooKeeperMarathonStore(other, "/marathon/state");
        Assert.Equal("fw-1", Text(await next.GetAsync("framework-id")));
        Assert.Equal("b", Text(await next.GetAsync("instances/web.b")));
        await Assert.ThrowsAsync<ArgumentException>(() => next.PutAsync("instances/../x", Bytes("x")));

        // A write from elsewhere makes the first store's known version stale: its next put still lands.
        await next.PutAsync("group", Bytes("root v3"));
        await store.PutAsync("group", Bytes("root v4"));
        Assert.Equal("root v4", Text(await next.GetAsync("group")));
        await next.PutAsync("instances/web.b", Bytes("b2"));
        await store.DeleteAsync("instances/web.b");
        await next.PutAsync("instances/web.b", Bytes("b3")); // its version was of the deleted node
        Assert.Equal("b3", Text(await store.GetAsync("instances/web.b")));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string? Text(byte[]? bytes) => bytes is null ? null : Encoding.UTF8.GetString(bytes);
}

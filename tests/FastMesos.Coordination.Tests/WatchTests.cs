using System.Collections.Concurrent;

namespace FastMesos.Coordination.Tests;

[Collection(SharedServer.Name)]
public sealed class WatchTests(ServerFixture fixture) : IAsyncLifetime
{
    private readonly string _root = "/watch-" + Guid.NewGuid().ToString("N");
    private readonly ConcurrentQueue<WatchedEvent> _events = new();
    private ZooKeeperClient _client = null!;
    private ZooKeeperClient _other = null!;

    public async Task InitializeAsync()
    {
        _client = await ZooKeeperClient.ConnectAsync(fixture.Server.ConnectionString);
        _other = await ZooKeeperClient.ConnectAsync(fixture.Server.ConnectionString);
        await _client.CreateAsync(_root, []);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _other.DisposeAsync();
    }

    private void Record(WatchedEvent e) => _events.Enqueue(e);

    /// <summary>Waits for the event, then proves the watch was one-shot: a second change and a marker watch later, it has not fired again.</summary>
    private async Task ExpectOnce(WatchEventType type, string path, Func<Task> changeAgain)
    {
        await Eventually.Until(() => _events.Count >= 1, $"{type} on {path}");
        Assert.Equal(new WatchedEvent(type, ZooKeeperState.Connected, path), Assert.Single(_events));
        await changeAgain();
        string marker = _root + "/marker-" + Guid.NewGuid().ToString("N");
        await _client.ExistsAsync(marker, Record);
        await _other.CreateAsync(marker, []);
        await Eventually.Until(() => _events.Count >= 2, "the marker watch");
        Assert.Equal(2, _events.Count);
        Assert.Equal(marker, _events.Last().Path);
    }

    [Fact]
    public async Task Data_watch_fires_once_on_change()
    {
        await _client.CreateAsync(_root + "/d", []);
        await _client.GetDataAsync(_root + "/d", Record);
        await _other.SetDataAsync(_root + "/d", [1]);
        await ExpectOnce(WatchEventType.NodeDataChanged, _root + "/d", () => _other.SetDataAsync(_root + "/d", [2]));
    }

    [Fact]
    public async Task Data_watch_fires_on_delete()
    {
        await _client.CreateAsync(_root + "/d", []);
        await _client.GetDataAsync(_root + "/d", Record);
        await _other.DeleteAsync(_root + "/d");
        await ExpectOnce(WatchEventType.NodeDeleted, _root + "/d", () => _other.CreateAsync(_root + "/d", []));
    }

    [Fact]
    public async Task Exists_watch_fires_once_on_creation()
    {
        Assert.Null(await _client.ExistsAsync(_root + "/e", Record));
        await _other.CreateAsync(_root + "/e", []);
        await ExpectOnce(WatchEventType.NodeCreated, _root + "/e", () => _other.SetDataAsync(_root + "/e", [1]));
    }

    [Fact]
    public async Task Child_watch_fires_once_on_child_change()
    {
        await _client.GetChildrenAsync(_root, Record);
        await _other.CreateAsync(_root + "/c1", []);
        await ExpectOnce(WatchEventType.NodeChildrenChanged, _root, () => _other.CreateAsync(_root + "/c2", []));
    }

    [Fact]
    public async Task A_throwing_callback_does_not_stop_later_events()
    {
        await _client.CreateAsync(_root + "/t", []);
        await _client.GetDataAsync(_root + "/t", _ => throw new InvalidOperationException("callback bug"));
        await _client.ExistsAsync(_root + "/t", Record);
        await _other.SetDataAsync(_root + "/t", [1]);
        await Eventually.Until(() => !_events.IsEmpty, "the second watcher");
    }
}

using System.Collections.Concurrent;

namespace FastMesos.Coordination.Tests;

/// <summary>Tests that stop their own server.</summary>
public sealed class SessionTests
{
    [Fact]
    public async Task Server_restart_within_the_timeout_resumes_the_same_session()
    {
        await using ZooKeeperServer server = await ZooKeeperServer.StartNewAsync();
        var states = new ConcurrentQueue<ZooKeeperState>();
        await using ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(server.ConnectionString,
            new ZooKeeperClientOptions { SessionTimeout = TimeSpan.FromSeconds(10) });
        client.StateChanged += states.Enqueue;
        long session = client.SessionId;
        await client.CreateAsync("/survivor", [], CreateMode.Ephemeral);
        var watch = new TaskCompletionSource<WatchedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.GetDataAsync("/survivor", e => watch.TrySetResult(e));

        await server.StopAsync();
        await Eventually.Until(() => client.State == ZooKeeperState.Disconnected, "disconnected");
        await server.StartAsync();
        await Eventually.Until(() => client.State == ZooKeeperState.Connected, "reconnected");

        Assert.Equal(session, client.SessionId);
        Stat? stat = await client.ExistsAsync("/survivor");
        Assert.Equal(session, stat!.Value.EphemeralOwner);
        Assert.Contains(ZooKeeperState.Disconnected, states);
        Assert.False(client.Expired.IsCompleted);

        // The watch set before the restart was re-armed (SetWatches) and still fires.
        await using ZooKeeperClient other = await ZooKeeperClient.ConnectAsync(server.ConnectionString);
        await other.SetDataAsync("/survivor", [1]);
        Assert.Equal(WatchEventType.NodeDataChanged, (await watch.Task.WaitAsync(TimeSpan.FromSeconds(20))).Type);
    }

    [Fact]
    public async Task Server_down_longer_than_the_timeout_expires_the_session()
    {
        await using ZooKeeperServer server = await ZooKeeperServer.StartNewAsync();
        await using ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(server.ConnectionString,
            new ZooKeeperClientOptions { SessionTimeout = TimeSpan.FromSeconds(2) });
        Assert.Equal(TimeSpan.FromSeconds(2), client.SessionTimeout);
        await client.CreateAsync("/gone", [], CreateMode.Ephemeral);

        await server.StopAsync();
        await Eventually.Until(() => client.State != ZooKeeperState.Connected, "the loss noticed");
        Task<Stat?> pendingDuringOutage = client.ExistsAsync("/gone");
        await client.Expired.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(ZooKeeperState.Expired, client.State);
        await Assert.ThrowsAsync<SessionExpiredException>(() => pendingDuringOutage);
        await Assert.ThrowsAsync<SessionExpiredException>(() => client.ExistsAsync("/"));
    }

    [Fact]
    public async Task Pings_keep_an_idle_session_alive_past_its_timeout()
    {
        await using ZooKeeperServer server = await ZooKeeperServer.StartNewAsync();
        var states = new ConcurrentQueue<ZooKeeperState>();
        var log = new ConcurrentQueue<string>();
        await using ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(server.ConnectionString,
            new ZooKeeperClientOptions { SessionTimeout = TimeSpan.FromSeconds(1), Log = log.Enqueue });
        client.StateChanged += states.Enqueue;
        await client.CreateAsync("/idle", [], CreateMode.Ephemeral);

        // Six pings at a third of the timeout span two timeouts of idleness.
        await Eventually.Until(() => client.PingsAnswered >= 6, "six ping replies");
        Stat? stat = await client.ExistsAsync("/idle");
        Assert.Equal(client.SessionId, stat!.Value.EphemeralOwner);
        Assert.True(!states.Contains(ZooKeeperState.Disconnected), string.Join("\n", log));
    }

    [Fact]
    public async Task Digest_credentials_are_accepted()
    {
        await using ZooKeeperServer server = await ZooKeeperServer.StartNewAsync();
        var log = new ConcurrentQueue<string>();
        await using ZooKeeperClient client = await ZooKeeperClient.ConnectAsync($"zk://user:secret@127.0.0.1:{server.Port}/app",
            new ZooKeeperClientOptions { Log = log.Enqueue });
        await Assert.ThrowsAsync<NoNodeException>(() => client.CreateAsync("/x", []));
        await using ZooKeeperClient plain = await ZooKeeperClient.ConnectAsync(server.ConnectionString);
        await plain.CreateAsync("/app", []);
        Assert.Equal("/x", await client.CreateAsync("/x", []));
        Assert.DoesNotContain(log, line => line.Contains("authentication failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task First_connect_to_a_dead_port_fails_with_connection_loss()
    {
        int port;
        await using (ZooKeeperServer server = await ZooKeeperServer.StartNewAsync())
            port = server.Port;
        await Assert.ThrowsAsync<ConnectionLossException>(() => ZooKeeperClient.ConnectAsync($"zk://127.0.0.1:{port}",
            new ZooKeeperClientOptions { SessionTimeout = TimeSpan.FromMilliseconds(500) }));
    }
}

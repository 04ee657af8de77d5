namespace FastMesos.Coordination.Tests;

public sealed class EnsembleTests
{
    [Fact]
    public async Task Killing_the_connected_member_moves_the_session_to_another_one()
    {
        await using ZooKeeperEnsemble ensemble = await ZooKeeperEnsemble.StartNewAsync();
        await using ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(ensemble.ConnectionString,
            new ZooKeeperClientOptions { SessionTimeout = TimeSpan.FromSeconds(8) });
        long session = client.SessionId;
        await client.CreateAsync("/owned", [], CreateMode.Ephemeral);
        string first = client.ConnectedServer!;

        await ensemble.MemberAt(first).StopAsync();
        await Eventually.Until(() => client.ConnectedServer is { } now && now != first, "reconnected to another member");

        Assert.Equal(session, client.SessionId);
        await client.SyncAsync("/");
        Stat? stat = await client.ExistsAsync("/owned");
        Assert.Equal(session, stat!.Value.EphemeralOwner);
        Assert.False(client.Expired.IsCompleted);
    }
}

namespace FastMesos.Coordination.Tests;

/// <summary>One server shared by the tests that do not stop it; each test works under its own root node.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public ZooKeeperServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ZooKeeperServer.StartNewAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SharedServer : ICollectionFixture<ServerFixture>
{
    public const string Name = "shared ZooKeeper server";
}

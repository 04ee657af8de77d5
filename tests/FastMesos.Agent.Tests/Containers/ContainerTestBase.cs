namespace FastMesos.Agent.Tests.Containers;

/// <summary>Gives each containerizer test its own <see cref="ContainerTestEnvironment"/>, cleaned up after the test.</summary>
public abstract class ContainerTestBase : IAsyncLifetime
{
    private protected readonly ContainerTestEnvironment env = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await env.DisposeAsync();
}

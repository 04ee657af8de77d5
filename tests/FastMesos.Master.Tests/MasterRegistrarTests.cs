using System.Net;
using FastMesos.Engine.Master;
using FastMesos.Master.Registry;
using FastMesos.Master.Tests.Support;
using FastMesos.Messages;
using FastMesos.Transport.Connections;
using AllocatorOptions = FastMesos.Engine.AllocatorOptions;

namespace FastMesos.Master.Tests;

/// <summary>
/// A master with a registry store over real TCP: registrations are answered once the registry
/// listing them is stored, stores batch what changed while one was in flight, and a second master
/// recovers agents and frameworks from the store and takes them back with their ids.
/// </summary>
public sealed class MasterRegistrarTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
            await _owned[i].DisposeAsync();
    }

    private async Task<MasterServer> StartAsync(string id, IRegistryStore store, TimeSpan? reregisterTimeout = null)
    {
        MasterServer server = await MasterServer.StartAsync(new MasterServerOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Core = new MasterOptions
            {
                MasterId = id,
                AgentReregisterTimeout = reregisterTimeout ?? TimeSpan.FromMinutes(10),
                Allocator = new AllocatorOptions { AllocationInterval = TimeSpan.FromMilliseconds(20) },
            },
            RegistryStore = store,
        });
        _owned.Add(server);
        return server;
    }

    private async Task<WirePeer> DialAsync(MasterServer master, PeerRole role)
    {
        WirePeer peer = await WirePeer.DialAsync(master.LocalEndPoint, role);
        _owned.Add(peer);
        return peer;
    }

    private static RegisterAgent Registration(string hostname) => new()
    {
        Agent = new AgentInfo { Hostname = hostname, Port = 5051, Resources = Resources.Parse("cpus:2;mem:1024") },
        Version = "1.11.0",
    };

    [Fact]
    public async Task Registrations_wait_for_the_store_and_are_batched_while_it_is_in_flight()
    {
        var store = new GatedStore();
        MasterServer master = await StartAsync("m1", store);
        const int Agents = 20;
        var peers = new List<WirePeer>();
        for (int i = 0; i < Agents; i++)
        {
            WirePeer peer = await DialAsync(master, PeerRole.Agent);
            peer.Send(Registration($"host-{i}"));
            peers.Add(peer);
        }

        // The first store is held: every registration arrives, none is answered.
        await Eventually.Until(() => master.Read(static c => c.Agents.Count()) == Agents, "all registrations received");
        await Eventually.Until(() => store.Waiting, "the first store in flight");
        Assert.All(peers, p => Assert.Null(p.Closed));
        Assert.Equal(0, master.Read(static c => c.StoredRegistryVersion));

        store.Release();
        foreach (WirePeer peer in peers)
            await peer.NextAsync<AgentRegistered>();

        // One held store plus at most one for everything that came while it was in flight.
        Assert.InRange(store.Inner.Stores, 1, 2);
        MasterRegistry stored = RegistryCodec.Decode((await store.Inner.OpenAnother().FetchAsync())!);
        Assert.Equal(Agents, stored.Agents.Count);
        Assert.Equal(store.Inner.Stores, master.Registrar!.Stores);
    }

    [Fact]
    public async Task A_second_master_recovers_agents_and_frameworks_and_takes_them_back()
    {
        var store = new InMemoryRegistryStore();
        MasterServer first = await StartAsync("first", store);
        WirePeer agent = await DialAsync(first, PeerRole.Agent);
        agent.Send(Registration("host-a"));
        string agentId = (await agent.NextAsync<AgentRegistered>()).AgentId.Value;
        WirePeer scheduler = await DialAsync(first, PeerRole.Scheduler);
        scheduler.Send(new SubscribeCall { Framework = new FrameworkInfo { User = "root", Name = "fw", FailoverTimeoutSeconds = 3600, Checkpoint = true } });
        string frameworkId = (await scheduler.NextAsync<SubscribedEvent>()).FrameworkId.Value;
        await Eventually.Until(() => first.Read(static c => c.StoredRegistryVersion == c.RegistryVersion), "the framework stored");
        await first.DisposeAsync();
        _owned.Remove(first);

        MasterServer second = await StartAsync("second", store.OpenAnother());
        await second.RecoverAsync();

        Assert.Equal(AgentState.Recovered, second.Read(c => c.FindAgent(agentId)!.State));
        Assert.True(second.Read(static c => c.Recovering));
        Assert.NotNull(second.Read(c => c.FindFramework(frameworkId)));

        WirePeer back = await DialAsync(second, PeerRole.Agent);
        back.Send(new ReregisterAgent
        {
            Agent = Registration("host-a").Agent with { Id = new AgentId(agentId) },
            Version = "1.11.0",
        });
        Assert.Equal(agentId, (await back.NextAsync<AgentReregistered>()).AgentId.Value);
        Assert.False(second.Read(static c => c.Recovering));

        WirePeer again = await DialAsync(second, PeerRole.Scheduler);
        again.Send(new SubscribeCall { Framework = new FrameworkInfo { Id = new FrameworkId(frameworkId), User = "root", Name = "fw", FailoverTimeoutSeconds = 3600, Checkpoint = true } });
        Assert.Equal(frameworkId, (await again.NextAsync<SubscribedEvent>()).FrameworkId.Value);
        OffersEvent offers = await again.NextAsync<OffersEvent>();
        Assert.Equal(agentId, Assert.Single(offers.Offers).AgentId.Value);
    }

    [Fact]
    public async Task A_deposed_master_cannot_overwrite_its_successors_registry()
    {
        var store = new InMemoryRegistryStore();
        MasterServer old = await StartAsync("old", store);
        InMemoryRegistryStore successor = store.OpenAnother();
        await successor.FetchAsync();
        await successor.StoreAsync(RegistryCodec.Encode(MasterRegistry.Empty));

        WirePeer agent = await DialAsync(old, PeerRole.Agent);
        agent.Send(Registration("host-a"));

        Exception failure = await old.Registrar!.Failed.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Contains("another master", failure.Message, StringComparison.Ordinal);
        Assert.Null(agent.Closed);   // never answered: the agent retries with whoever leads now
    }

    /// <summary>An in-memory store whose first store waits until the test releases it.</summary>
    private sealed class GatedStore : IRegistryStore
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _waiting;

        public InMemoryRegistryStore Inner { get; } = new();

        public bool Waiting => _waiting;

        public void Release() => _gate.TrySetResult();

        public Task<byte[]?> FetchAsync(CancellationToken cancellationToken = default) => Inner.FetchAsync(cancellationToken);

        public async Task StoreAsync(byte[] registry, CancellationToken cancellationToken = default)
        {
            _waiting = true;
            await _gate.Task.ConfigureAwait(false);
            await Inner.StoreAsync(registry, cancellationToken).ConfigureAwait(false);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

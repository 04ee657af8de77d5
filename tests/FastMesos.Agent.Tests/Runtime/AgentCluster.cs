using System.Net;
using FastMesos.Agent.Runtime;
using FastMesos.Engine;
using FastMesos.Engine.Master;
using FastMesos.Master;
using FastMesos.Messages;

namespace FastMesos.Agent.Tests.Runtime;

/// <summary>A real master on loopback TCP, a work directory and shorthands for agents on it.</summary>
internal sealed class AgentCluster : IAsyncDisposable
{
    private readonly List<AgentRuntime> _agents = [];

    private readonly TimeSpan? _pingInterval;

    private AgentCluster(MasterServer master, string workDir, TimeSpan? pingInterval)
    {
        Master = master;
        WorkDir = workDir;
        _pingInterval = pingInterval;
    }

    public MasterServer Master { get; private set; }

    public string WorkDir { get; }

    public FakeContainerizer Containerizer { get; private set; } = new();

    public List<string> Log { get; } = [];

    /// <summary>A cluster whose master pings every <paramref name="pingInterval"/> (Mesos' 15 s when null).</summary>
    public static async Task<AgentCluster> StartAsync(TimeSpan? pingInterval = null)
    {
        string workDir = Path.Combine(Path.GetTempPath(), "fastmesos-agent-tests", Guid.NewGuid().ToString("N"));
        return new AgentCluster(await StartMasterAsync(0, pingInterval), workDir, pingInterval);
    }

    public static Task<MasterServer> StartMasterAsync(int port, TimeSpan? pingInterval = null) => MasterServer.StartAsync(new MasterServerOptions
    {
        EndPoint = new IPEndPoint(IPAddress.Loopback, port),
        Core = new MasterOptions
        {
            MasterId = "m" + Guid.NewGuid().ToString("N")[..6],
            Allocator = new AllocatorOptions { AllocationInterval = TimeSpan.FromMilliseconds(20) },
            AgentPingTimeout = pingInterval ?? TimeSpan.FromSeconds(15),
        },
        TickInterval = TimeSpan.FromMilliseconds(10),
    });

    /// <summary>Stops the master and starts a new one on the same port (its state is gone, as after a failover without a registry).</summary>
    public async Task RestartMasterAsync()
    {
        int port = Master.LocalEndPoint.Port;
        await Master.DisposeAsync();
        Master = await StartMasterAsync(port, _pingInterval);
    }

    public AgentOptions Options(FakeContainerizer? containerizer = null) => new()
    {
        Master = Master.LocalEndPoint,
        WorkDir = WorkDir,
        Containerizer = containerizer ?? Containerizer,
        Hostname = "agent-host",
        Port = 5051,
        Resources = Resources.Parse("cpus:4;mem:1024;disk:1000;ports:[31000-31009]"),
        // Long enough that a slow acknowledgement on a loaded machine does not cause a resend;
        // tests of resends shorten it.
        StatusUpdateRetryMin = TimeSpan.FromSeconds(5),
        StatusUpdateRetryMax = TimeSpan.FromSeconds(10),
        RegistrationBackoffFactor = TimeSpan.FromMilliseconds(50),
        ReconnectBaseDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        TickInterval = TimeSpan.FromMilliseconds(10),
        SyncCheckpoints = false,
        Log = line => { lock (Log) Log.Add(line); },
    };

    public async Task<AgentRuntime> StartAgentAsync(AgentOptions? options = null)
    {
        AgentRuntime agent = await AgentRuntime.StartAsync(options ?? Options());
        _agents.Add(agent);
        await Eventually.Until(() => agent.Registered, "the agent's registration");
        return agent;
    }

    /// <summary>A new containerizer, as a restarted agent process has (the old containers live on in the test's hands).</summary>
    public FakeContainerizer NewContainerizer() => Containerizer = new FakeContainerizer();

    public AgentRecord? MasterAgent(string id) => Master.Read(core => core.FindAgent(id));

    public async ValueTask DisposeAsync()
    {
        foreach (AgentRuntime agent in _agents)
            await agent.DisposeAsync();
        await Master.DisposeAsync();
        try
        {
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

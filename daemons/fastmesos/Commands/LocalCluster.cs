using System.Diagnostics;
using FastMesos.Agent.Cli;
using FastMesos.Hosting.Logging;
using FastMesos.Marathon;
using FastMesos.Marathon.Cli;
using FastMesos.Master;
using FastMesos.Master.Cli;

namespace FastMesos.Cli.Commands;

/// <summary>A master, its agents and Marathon in one process, started and stopped together (<c>fastmesos local</c>).</summary>
internal sealed class LocalCluster(DaemonLog log) : IAsyncDisposable
{
    private readonly List<AgentHost> _agents = [];

    public MasterHost? Master { get; private set; }

    public IReadOnlyList<AgentHost> Agents => _agents;

    public MarathonHost? Marathon { get; private set; }

    /// <summary>Starts Marathon against the master (after <see cref="StartAsync"/>).</summary>
    public async Task StartMarathonAsync(MarathonOptions options, CancellationToken cancellationToken) =>
        Marathon = await MarathonHost.StartAsync(options with { Master = Master!.EndPoint }, cancellationToken).ConfigureAwait(false);

    public async Task StartAsync(MasterConfiguration master, IReadOnlyList<AgentHostOptions> agents, CancellationToken cancellationToken)
    {
        Master = await MasterHost.StartAsync(master.Server, master.Weights, master.Quotas, cancellationToken).ConfigureAwait(false);
        foreach (AgentHostOptions options in agents)
        {
            // The master may have been asked for port 0: point the agents at the bound one.
            AgentHostOptions bound = options with { Agent = options.Agent with { Master = Master.EndPoint } };
            _agents.Add(await AgentHost.StartAsync(bound, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>Waits until the master counts <paramref name="count"/> registered agents.</summary>
    public async Task WaitForAgentsAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (Master!.Server.Read(static core => core.ConnectedAgentCount) < count)
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"only {Master.Server.Read(static core => core.ConnectedAgentCount)} of {count} agents registered within {timeout.TotalSeconds:0} s");
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Kills every task the agents run, so a stopped local cluster leaves no processes behind.
    /// Marathon stops first: running, it would replace each killed task of an app at once, on an
    /// agent whose tasks were already killed, and that task would outlive the cluster.
    /// </summary>
    public async Task KillAllTasksAsync()
    {
        if (Marathon is { } marathon)
        {
            Marathon = null;
            await marathon.DisposeAsync().ConfigureAwait(false);
        }

        foreach (AgentHost agent in _agents)
        {
            try
            {
                await agent.Runtime.KillAllAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                log.Warn("local", $"Killing the tasks of {agent.Url} failed: {e.Message}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Marathon is not null)
            await Marathon.DisposeAsync().ConfigureAwait(false);
        foreach (AgentHost agent in _agents)
            await agent.DisposeAsync().ConfigureAwait(false);
        if (Master is not null)
            await Master.DisposeAsync().ConfigureAwait(false);
    }
}

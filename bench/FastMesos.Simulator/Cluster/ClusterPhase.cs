using System.Diagnostics;

namespace FastMesos.Simulator.Cluster;

/// <summary>CPU of the master, the agent processes and this process (the frameworks) across one phase.</summary>
internal sealed class ClusterPhase(ClusterProcesses cluster, bool pinned)
{
    private TimeSpan _master;
    private TimeSpan[] _agents = [];
    private TimeSpan _self;
    private GcStats _gc;

    public long Started { get; private set; }

    public async Task StartAsync()
    {
        await cluster.AskAgentsAsync("reset", TimeSpan.FromSeconds(30));
        _gc = await cluster.MasterGcStatsAsync();
        _master = cluster.Master.CpuTime();
        _agents = cluster.AgentCpu();
        _self = Process.GetCurrentProcess().TotalProcessorTime;
        Started = Stopwatch.GetTimestamp();
    }

    /// <summary>Ends the phase, which lasted <paramref name="seconds"/> by the scenario's own clock.</summary>
    public async Task<ClusterMeasurement> EndAsync(double seconds)
    {
        ClusterMeasurement measured = await StopAsync(seconds);
        return await CompleteAsync(measured);
    }

    /// <summary>
    /// The phase's CPU and collector readings, taken now; the agent processes' counters are left for
    /// <see cref="CompleteAsync"/>. Asking them serializes their latency histograms (compiled the first
    /// time): work a scenario that times what comes right after the phase (the failover's first offer)
    /// keeps out of that time, off the two cores the master shares with them.
    /// </summary>
    public async Task<ClusterMeasurement> StopAsync(double seconds)
    {
        TimeSpan master = cluster.Master.CpuTime() - _master;
        TimeSpan[] agents = cluster.AgentCpu();
        TimeSpan self = Process.GetCurrentProcess().TotalProcessorTime - _self;
        double wall = Math.Max((double)(Stopwatch.GetTimestamp() - Started) / Stopwatch.Frequency, 1e-9);
        TimeSpan sim = self;
        TimeSpan agentsUsed = TimeSpan.Zero;
        double busiest = self.TotalSeconds / wall;
        for (int i = 0; i < agents.Length; i++)
        {
            TimeSpan used = agents[i] - _agents[i];
            agentsUsed += used;
            busiest = Math.Max(busiest, used.TotalSeconds / wall);
        }

        sim += agentsUsed;
        // Pinned, the agent processes share cpu0: their sum is what may saturate it.
        if (pinned)
            busiest = Math.Max(busiest, agentsUsed.TotalSeconds / wall);

        GcStats gc = (await cluster.MasterGcStatsAsync()).Since(_gc);
        return new ClusterMeasurement { Seconds = seconds, WallSeconds = wall, MasterCpu = master, MasterGc = gc, SimCpu = sim, SimMaxCoreFraction = busiest, Stats = [], Ok = true };
    }

    /// <summary>A stopped phase's figures with the agent processes' counters (pings, disconnects, latencies) as they are now.</summary>
    public async Task<ClusterMeasurement> CompleteAsync(ClusterMeasurement stopped) => stopped with { Stats = await cluster.StatsAsync() };
}

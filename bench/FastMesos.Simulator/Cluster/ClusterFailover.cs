using System.Diagnostics;
using System.Globalization;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// Scenario D of specs/performance.md §8.2 over TCP: with every task RUNNING, the master process is
/// killed (SIGKILL) and a new one starts. The daemon keeps its registry in memory unless it runs
/// with ZooKeeper, so the new master starts empty and learns the cluster from the agents'
/// re-registrations, ids and tasks included (Mesos' path without a registry). The agent processes
/// are told the new port (standing in for the leader detection) and every agent re-registers.
/// Measured: new master listening → last <c>AgentReregistered</c>; then the new master must count
/// every task as running (<c>lost_tasks</c> = 0).
/// </summary>
internal static class ClusterFailover
{
    public static async Task<ClusterMeasurement> RunAsync(ClusterSpec spec, ClusterProcesses cluster, ClusterPhase phase, ClusterMeasurement launched, Action<string> progress, Action<string, long, long>? bar)
    {
        long disconnectsBefore = (await cluster.StatsAsync()).Sum(static s => s.Disconnects);
        int oldPort = cluster.Port;
        progress($"killing the master on port {oldPort} (SIGKILL) and starting a new one");
        long listening = await cluster.FailOverAsync(spec);
        await phase.StartAsync();
        progress($"new master on 127.0.0.1:{cluster.Port}; {spec.Agents} agents re-registering with {launched.Tasks} tasks");
        string[] answers = await ProgressBar.TrackAsync(cluster.AskAgentsAsync($"reconnect {cluster.Port.ToString(CultureInfo.InvariantCulture)}", spec.Timeout),
            "agents re-registered", spec.Agents, async () => (long)await cluster.MetricAsync("master/slaves_active"), bar);
        int reregistered = 0;
        long lastAnswer = listening;
        foreach (string a in answers)
        {
            string[] w = a.Split(' ');
            if (w.Length != 5 || w[0] != "reregistered")
                throw new InvalidOperationException($"an agent process answered the reconnect with '{a}'");
            reregistered += int.Parse(w[1], CultureInfo.InvariantCulture);
            lastAnswer = Math.Max(lastAnswer, long.Parse(w[3], CultureInfo.InvariantCulture));
        }

        double seconds = (double)(lastAnswer - listening) / Stopwatch.Frequency;
        ClusterMeasurement measured = await phase.EndAsync(seconds);
        int running = (int)await cluster.WaitForMetricAsync("master/tasks_running", launched.Tasks, TimeSpan.FromSeconds(30));
        int lost = Math.Max(0, launched.Tasks - running);
        progress($"{reregistered} agents re-registered in {seconds:F3} s; {running} of {launched.Tasks} tasks running at the new master");
        // Each agent may notice the kill before the reconnect drops its connection (at most once each).
        long expected = measured.Stats.Sum(static s => s.Disconnects) - disconnectsBefore;
        return measured with
        {
            Tasks = launched.Tasks,
            TasksRunning = running,
            Reregistered = reregistered,
            LostTasks = lost,
            ExpectedDisconnects = Math.Min(expected, spec.Agents),
            Ok = launched.Ok && reregistered == spec.Agents && lost == 0,
        };
    }
}

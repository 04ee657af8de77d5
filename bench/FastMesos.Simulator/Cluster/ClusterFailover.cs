using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// Scenario D of specs/performance.md §8.2 over TCP: with every task RUNNING, the master process is
/// killed (SIGKILL) and a new one starts. The daemon keeps its registry in memory unless it runs
/// with ZooKeeper, so the new master starts empty and learns the cluster from the agents'
/// re-registrations, ids and tasks included (Mesos' path without a registry). The agent processes
/// are told the new port (standing in for the leader detection) and every agent re-registers; then
/// the frameworks are told, and each subscribes again with its id.
/// Measured: new master listening → last <c>AgentReregistered</c>; the time to the first offer a
/// framework gets from the new master (§8.2d: ≤ 100 ms after the last re-registration); then the
/// new master must count every task as running (<c>lost_tasks</c> = 0), and its allocator's books
/// must equal what the agents reported (§8.2d "correctness"): the allocator's total and held cpus
/// and memory (<c>allocator/mesos/resources/*</c>) against the agents' totals and their tasks'
/// resources (<c>master/*_total</c>, <c>master/*_used</c>), read once no offer is outstanding.
/// </summary>
internal static class ClusterFailover
{
    private static readonly TimeSpan OfferTimeout = TimeSpan.FromSeconds(30);
    private static readonly string[] AuditedResources = ["cpus", "mem"];

    public static async Task<ClusterMeasurement> RunAsync(ClusterSpec spec, ClusterProcesses cluster, IReadOnlyList<BenchFramework> frameworks,
        ClusterPhase phase, ClusterMeasurement launched, Action<string> progress, Action<string, long, long>? bar)
    {
        long disconnectsBefore = (await cluster.StatsAsync()).Sum(static s => s.Disconnects);
        long completed = await HistoryAsync(spec, cluster, frameworks, progress);
        int oldPort = cluster.Port;
        progress($"killing the master on port {oldPort} (SIGKILL) and starting a new one");
        long listening = await cluster.FailOverAsync(spec);
        await phase.StartAsync();
        progress($"new master on 127.0.0.1:{cluster.Port}; {spec.Agents} agents re-registering with {launched.Tasks} tasks"
            + (completed == 0 ? "" : $" and {completed} completed ones"));
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

        // The frameworks follow once the agents are back, so the phase stays the agents' alone (as
        // in Mesos' failover benchmark, the anchor) and the first offer measures how soon after the
        // last re-registration a framework is offered resources again: its dial and subscription
        // (a framework failover, with its id), then the allocation. They are told before the
        // phase's figures are read, so that reading is not in the offer's time; the master's CPU of
        // the phase may then include the first moments of their subscription. The agent
        // processes' counters are read once the offer came: answering takes them CPU the
        // master would otherwise not have to share.
        var newMaster = new IPEndPoint(IPAddress.Loopback, cluster.Port);
        long movedAt = Stopwatch.GetTimestamp();
        foreach (BenchFramework f in frameworks)
            f.MoveTo(newMaster);
        double seconds = (double)(lastAnswer - listening) / Stopwatch.Frequency;
        ClusterMeasurement stopped = await phase.StopAsync(seconds);
        progress($"{frameworks.Count} framework(s) subscribing again");
        long firstOffer = await FirstOfferAsync(frameworks);
        ClusterMeasurement measured = await phase.CompleteAsync(stopped);
        foreach (BenchFramework f in frameworks)
        {
            if (f.SubscribedAfterMoveAt != 0)
                progress($"framework {f.Name}: subscribed {Ms(f.SubscribedAfterMoveAt - movedAt):F1} ms after it was told the new master"
                    + (f.FirstOfferAfterMoveAt == 0 ? "" : $", first offers ({f.FirstOffersAfterMove}) {Ms(f.FirstOfferAfterMoveAt - movedAt):F1} ms after"));
        }
        int running = (int)await cluster.WaitForMetricAsync("master/tasks_running", launched.Tasks, TimeSpan.FromSeconds(30));
        int lost = Math.Max(0, launched.Tasks - running);
        string? audit = await AuditAsync(cluster);
        // Each agent spreads its history evenly over the frameworks it runs, so each framework keeps
        // its share up to the bound.
        long keptExpected = Math.Min(completed, (long)frameworks.Count * ClusterProcesses.MaxCompletedTasksPerFramework);
        long kept = completed == 0 ? 0 : await cluster.CompletedTasksAsync();
        if (completed != 0)
            progress($"the new master lists {kept} completed tasks (expected {keptExpected}: at most {ClusterProcesses.MaxCompletedTasksPerFramework} per framework)");
        progress($"{reregistered} agents re-registered in {seconds:F3} s; {running} of {launched.Tasks} tasks running at the new master; "
            + (firstOffer == 0 ? $"no offer within {OfferTimeout.TotalSeconds:F0} s" : $"first offer {Ms(firstOffer - listening):F1} ms after listening")
            + "; " + (audit ?? "the allocator's books match the agents' reports"));
        // Each agent may notice the kill before the reconnect drops its connection (at most once each).
        long expected = measured.Stats.Sum(static s => s.Disconnects) - disconnectsBefore;
        return measured with
        {
            Tasks = launched.Tasks,
            CompletedTasks = completed,
            CompletedTasksKept = kept,
            TasksRunning = running,
            Reregistered = reregistered,
            LostTasks = lost,
            ExpectedDisconnects = Math.Min(expected, spec.Agents),
            FirstOfferMs = firstOffer == 0 ? 0 : Ms(firstOffer - listening),
            FirstOfferAfterReregistrationMs = firstOffer == 0 ? 0 : Ms(firstOffer - lastAnswer),
            AllocatorConsistent = audit is null,
            Ok = launched.Ok && reregistered == spec.Agents && lost == 0 && firstOffer != 0 && audit is null && kept == keptExpected,
        };
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>Before the kill, gives the agents the completed tasks they will report (<see cref="ClusterSpec.CompletedTasksPerAgent"/>); how many in all.</summary>
    private static async Task<long> HistoryAsync(ClusterSpec spec, ClusterProcesses cluster, IReadOnlyList<BenchFramework> frameworks, Action<string> progress)
    {
        if (spec.CompletedTasksPerAgent == 0 || frameworks.Count == 0)
            return 0;
        long completed = 0;
        string ids = string.Join(' ', frameworks.Select(static f => f.FrameworkId!.Value.Value));
        foreach (string a in await cluster.AskAgentsAsync($"history {spec.CompletedTasksPerAgent.ToString(CultureInfo.InvariantCulture)} {ids}", spec.Timeout))
        {
            string[] w = a.Split(' ');
            if (w.Length != 2 || w[0] != "history")
                throw new InvalidOperationException($"an agent process answered the history with '{a}'");
            completed += long.Parse(w[1], CultureInfo.InvariantCulture);
        }

        progress($"the agents hold {completed} completed tasks to report");
        return completed;
    }

    /// <summary>The earliest first offer any framework got from the new master (a <see cref="Stopwatch"/> timestamp), or 0 when none came in time.</summary>
    private static async Task<long> FirstOfferAsync(IReadOnlyList<BenchFramework> frameworks)
    {
        if (frameworks.Count == 0)
            return 0;
        var offered = new Task[frameworks.Count];
        for (int i = 0; i < offered.Length; i++)
            offered[i] = frameworks[i].OfferAfterMove;
        try
        {
            await Task.WhenAny(offered).WaitAsync(OfferTimeout);
        }
        catch (TimeoutException)
        {
            return 0;
        }

        long first = long.MaxValue;
        foreach (BenchFramework f in frameworks)
        {
            long at = f.FirstOfferAfterMoveAt;
            if (at != 0)
                first = Math.Min(first, at);
        }

        return first;
    }

    /// <summary>
    /// Null when the allocator's books equal the agents' reports, else what differs. Outstanding
    /// offers are held in the allocator but in no agent's used resources, so it reads the master's
    /// metrics (one snapshot under its lock) until none is outstanding: the frameworks decline what
    /// they do not need with a long filter.
    /// </summary>
    private static async Task<string?> AuditAsync(ClusterProcesses cluster)
    {
        var clock = Stopwatch.StartNew();
        Dictionary<string, double> m = await cluster.MetricsAsync();
        while (m["master/outstanding_offers"] != 0)
        {
            if (clock.Elapsed > OfferTimeout)
                return $"{m["master/outstanding_offers"]} offers still outstanding after {OfferTimeout.TotalSeconds:F0} s";
            await Task.Delay(20);
            m = await cluster.MetricsAsync();
        }

        var problems = new List<string>();
        foreach (string r in AuditedResources)
        {
            Compare(problems, m, $"allocator/mesos/resources/{r}/total", $"master/{r}_total");
            Compare(problems, m, $"allocator/mesos/resources/{r}/offered_or_allocated", $"master/{r}_used");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static void Compare(List<string> problems, Dictionary<string, double> m, string allocator, string agents)
    {
        double a = m.TryGetValue(allocator, out double av) ? av : double.NaN;
        double b = m.TryGetValue(agents, out double bv) ? bv : double.NaN;
        // Both are sums of thousandths; the agents' side is added up in doubles, hence the tolerance.
        if (!(Math.Abs(a - b) <= 1e-6 * Math.Max(1, Math.Abs(b))))
            problems.Add($"{allocator} = {a.ToString(CultureInfo.InvariantCulture)} but {agents} = {b.ToString(CultureInfo.InvariantCulture)}");
    }
}

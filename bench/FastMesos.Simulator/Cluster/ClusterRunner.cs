using System.Diagnostics;
using System.Net;
using HdrHistogram;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// Scenario C of specs/performance.md §8.2 over real loopback TCP: the real master in its own
/// process, simulated agents in one or more others, frameworks as native scheduler clients in this
/// one. Every scenario starts with the register storm; then heartbeats (a steady window of the
/// master's pings), launch (the frameworks fill the offers with their tasks until every task is
/// RUNNING) or status (the launch, then K RUNNING updates per task through master and framework).
/// </summary>
public static class ClusterRunner
{
    /// <param name="spec">The scenario.</param>
    /// <param name="progress">Stage lines (stderr in the command).</param>
    /// <param name="bar">Progress bar counts (name, done, total) while the runner waits; null polls nothing.</param>
    public static async Task<ClusterResult> RunAsync(ClusterSpec spec, Action<string>? progress = null, Action<string, long, long>? bar = null)
    {
        progress ??= static _ => { };
        progress($"starting the master{(spec.Pin ? " on cpu1" : "")}");
        await using ClusterProcesses cluster = await ClusterProcesses.StartMasterAsync(spec);
        progress($"master on 127.0.0.1:{cluster.Port}; {spec.Agents} agents in {spec.ProcessCount} process(es){(spec.Pin ? " on cpu0" : "")} registering");

        // The storm's master CPU and collector readings (bytes allocated per agent registered,
        // collections, faults) from when every agent process is warm to the last answer.
        await cluster.StartAgentsAsync(spec);
        GcStats gcBefore = await cluster.MasterGcStatsAsync();
        TimeSpan masterBefore = cluster.Master.CpuTime();
        var registrations = await ProgressBar.TrackAsync(cluster.RegisterAgentsAsync(spec), "agents registered", spec.Agents,
            async () => (long)await cluster.MetricAsync("master/slaves_active"), bar);
        TimeSpan masterRegistered = cluster.Master.CpuTime();
        GcStats gcRegistered = (await cluster.MasterGcStatsAsync()).Since(gcBefore);
        long dialStart = registrations.Min(static r => r.DialStart);
        long lastAnswer = registrations.Max(static r => r.LastAnswer);
        double registerSeconds = Seconds(lastAnswer - dialStart);
        double active = await cluster.WaitForMetricAsync("master/slaves_active", spec.Agents, TimeSpan.FromSeconds(30));
        progress($"{active} agents active at the master; registered in {registerSeconds:F3} s");

        var phase = new ClusterPhase(cluster, spec.Pin);
        ClusterMeasurement measured;
        if (spec.Scenario == ClusterSpec.Register)
        {
            // The storm itself is the phase: CPU from before the first dial to the last answer.
            AgentsReport[] stats = await cluster.StatsAsync();
            measured = new ClusterMeasurement
            {
                Seconds = registerSeconds,
                MasterCpu = masterRegistered - masterBefore,
                MasterGc = gcRegistered,
                SimCpu = TimeSpan.FromMicroseconds(registrations.Sum(static r => r.CpuMicros)),
                // Pinned, the agent processes share cpu0: their sum is what may saturate it.
                SimMaxCoreFraction = (spec.Pin ? registrations.Sum(static r => r.CpuMicros) : registrations.Max(static r => r.CpuMicros)) / 1e6 / Math.Max(registerSeconds, 1e-9),
                WallSeconds = registerSeconds,
                Stats = stats,
            };
        }
        else if (spec.Scenario == ClusterSpec.Heartbeats)
        {
            // Two ping rounds first: the window starts with every agent pinged at least once.
            await Task.Delay(TimeSpan.FromSeconds(2 * spec.PingIntervalSeconds + 0.5));
            await phase.StartAsync();
            progress($"steady heartbeats for {spec.Seconds} s");
            long window = Stopwatch.GetTimestamp();
            await ProgressBar.TrackAsync(Task.Delay(TimeSpan.FromSeconds(spec.Seconds)).ContinueWith(static _ => true, TaskScheduler.Default), "seconds of heartbeats", spec.Seconds,
                () => Task.FromResult((long)Stopwatch.GetElapsedTime(window).TotalSeconds), bar);
            measured = await phase.EndAsync(Seconds(Stopwatch.GetTimestamp() - phase.Started));
        }
        else if (spec.Scenario == ClusterSpec.Marathon)
        {
            measured = await ClusterMarathon.RunAsync(spec, cluster, phase, progress);
        }
        else
        {
            measured = await LaunchAsync(spec, cluster, phase, progress, bar);
        }

        progress("measuring the master's heap after a full GC");
        long rss = cluster.Master.RssBytes();
        (long heap, int gc0, int gc1, int gc2) = await cluster.MasterHeapAsync();
        string masterGc = await cluster.MasterGcModeAsync();
        int registered = (int)await cluster.MetricAsync("master/slaves_active");
        LongHistogram pings = PingLatency.NewHistogram();
        LongHistogram arrivals = PingLatency.NewHistogram();
        foreach (AgentsReport s in measured.Stats)
        {
            PingLatency.Import(s.PingHistogram, pings);
            PingLatency.Import(s.ArrivalHistogram, arrivals);
        }
        long disconnects = measured.Stats.Sum(static s => s.Disconnects) - measured.ExpectedDisconnects;
        long unexpected = measured.Stats.Sum(static s => s.Unexpected);
        double masterCpu = measured.MasterCpu.TotalSeconds;

        bool ok = registered == spec.Agents && disconnects == 0 && unexpected == 0 && measured.Ok;
        var result = new ClusterResult
        {
            Scenario = spec.Scenario,
            Agents = spec.Agents,
            AgentProcesses = spec.ProcessCount,
            Pinned = spec.Pin,
            Warmup = spec.Scenario is ClusterSpec.Failover or ClusterSpec.Register or ClusterSpec.Heartbeats ? 0 : spec.Warmup,
            MasterWarmupAgents = spec.MasterWarmupAgents,
            Registered = registered,
            Seconds = measured.Seconds,
            RegisterSeconds = registerSeconds,
            MasterCpuSeconds = masterCpu,
            MasterCoreFraction = masterCpu / Math.Max(measured.WallSeconds, 1e-9),
            MasterRssMb = rss / 1048576.0,
            MasterHeapMb = heap / 1048576.0,
            HeapBytesPerAgent = (double)heap / spec.Agents,
            MasterGc = masterGc,
            MasterGc0 = gc0,
            MasterGc1 = gc1,
            MasterGc2 = gc2,
            MasterPhaseGc0 = measured.MasterGc.Gen0,
            MasterPhaseGc1 = measured.MasterGc.Gen1,
            MasterPhaseGc2 = measured.MasterGc.Gen2,
            MasterPhaseGcPauseMs = measured.MasterGc.Pause.TotalMilliseconds,
            MasterPhaseAllocatedMb = measured.MasterGc.Allocated / 1048576.0,
            MasterPhaseJitMethods = measured.MasterGc.JitMethods,
            MasterPhaseJitMs = measured.MasterGc.JitTime.TotalMilliseconds,
            MasterPhasePageFaults = measured.MasterGc.PageFaults,
            SimCpuSeconds = measured.SimCpu.TotalSeconds,
            SimMaxCoreFraction = measured.SimMaxCoreFraction,
            SimSaturated = measured.SimMaxCoreFraction >= 0.9,
            CpuBusyFraction = (masterCpu + measured.SimCpu.TotalSeconds + measured.MarathonCpu.TotalSeconds)
                / (Math.Max(measured.WallSeconds, 1e-9) * Environment.ProcessorCount),
            SimRssMb = measured.Stats.Sum(static s => s.RssBytes) / 1048576.0,
            Pings = pings.TotalCount,
            HeartbeatTransport = spec.DatagramHeartbeats ? "udp" : "tcp",
            DatagramPings = measured.Stats.Sum(static s => s.DatagramPings),
            P50Ms = Ms(pings, 50),
            P99Ms = Ms(pings, 99),
            MaxMs = pings.TotalCount == 0 ? 0 : pings.GetMaxValue() / 1000.0,
            ArrivalP50Ms = Ms(arrivals, 50),
            ArrivalP99Ms = Ms(arrivals, 99),
            ArrivalMaxMs = arrivals.TotalCount == 0 ? 0 : arrivals.GetMaxValue() / 1000.0,
            PingsPerSec = pings.TotalCount / Math.Max(measured.WallSeconds, 1e-9),
            MasterCpuUsPerHeartbeat = spec.Scenario == ClusterSpec.Heartbeats && pings.TotalCount > 0 ? masterCpu * 1e6 / pings.TotalCount : 0,
            Tasks = measured.Tasks,
            TasksRunning = measured.TasksRunning,
            TasksPerSec = spec.Scenario is ClusterSpec.Launch or ClusterSpec.Marathon && measured.Seconds > 0 ? measured.Tasks / measured.Seconds : 0,
            Updates = measured.Updates,
            UpdatesReceived = measured.UpdatesReceived,
            UpdatesPerSec = spec.Scenario == ClusterSpec.Status && measured.Seconds > 0 ? measured.Updates / measured.Seconds : 0,
            Lost = Math.Max(0, measured.Updates - measured.UpdatesReceived),
            UpdateRetries = measured.Stats.Sum(static s => s.UpdateRetries),
            Reregistered = measured.Reregistered,
            ReregistrationsPerSec = spec.Scenario == ClusterSpec.Failover && measured.Seconds > 0 ? measured.Reregistered / measured.Seconds : 0,
            LostTasks = measured.LostTasks,
            CompletedTasks = measured.CompletedTasks,
            CompletedTasksKept = measured.CompletedTasksKept,
            FirstOfferMs = measured.FirstOfferMs,
            FirstOfferAfterReregistrationMs = measured.FirstOfferAfterReregistrationMs,
            AllocatorConsistent = measured.AllocatorConsistent,
            StateQueries = measured.StateMs.Length,
            StateP50Ms = Percentile(measured.StateMs, 0.50),
            StateP99Ms = Percentile(measured.StateMs, 0.99),
            StateMaxMs = measured.StateMs.Length == 0 ? 0 : measured.StateMs[^1],
            StateBytes = measured.StateBytes,
            StateAgents = measured.StateAgents,
            StateMessagePackP50Ms = Percentile(measured.StateMessagePackMs, 0.50),
            StateMessagePackP99Ms = Percentile(measured.StateMessagePackMs, 0.99),
            StateMessagePackMaxMs = measured.StateMessagePackMs.Length == 0 ? 0 : measured.StateMessagePackMs[^1],
            StateMessagePackBytes = measured.StateMessagePackBytes,
            StateTasks = measured.StateTasks,
            Apps = spec.Scenario == ClusterSpec.Marathon ? spec.Apps : 0,
            Instances = spec.Scenario == ClusterSpec.Marathon ? spec.Instances : 0,
            PostP50Ms = Percentile(measured.PostMs, 0.50),
            PostP99Ms = Percentile(measured.PostMs, 0.99),
            Launched = measured.Launched,
            OverScaled = measured.Launched > measured.Tasks,
            MarathonCpuSeconds = measured.MarathonCpu.TotalSeconds,
            MarathonPhaseGc0 = measured.MarathonGc.Gen0,
            MarathonPhaseGc1 = measured.MarathonGc.Gen1,
            MarathonPhaseGc2 = measured.MarathonGc.Gen2,
            MarathonPhaseGcPauseMs = measured.MarathonGc.Pause.TotalMilliseconds,
            MarathonPhaseAllocatedMb = measured.MarathonGc.Allocated / 1048576.0,
            MarathonPhaseJitMethods = measured.MarathonGc.JitMethods,
            MarathonPhaseJitMs = measured.MarathonGc.JitTime.TotalMilliseconds,
            MarathonPhasePageFaults = measured.MarathonGc.PageFaults,
            MarathonHeapMb = measured.MarathonHeapAfter / 1048576.0,
            MarathonHeapBytesPerInstance = measured.Tasks > 0 ? (double)(measured.MarathonHeapAfter - measured.MarathonHeapBefore) / measured.Tasks : 0,
            Disconnects = disconnects,
            FailoverDisconnects = measured.ExpectedDisconnects,
            UnexpectedMessages = unexpected,
            LoadAverage = LoadAverage(),
            Ok = ok,
        };
        if (spec.ReportDir is not null)
            ClusterReport.Write(spec.ReportDir, result, pings, measured);
        return result;
    }

    /// <summary>
    /// <c>--warmup W</c> for the launch (and the scenarios built on it), unmeasured: a framework named
    /// <c>warmup</c> launches W tasks of the profile's first shape, waits until they run, and tears
    /// down; the measured launch starts once the master counts no task running. The master, agents and
    /// driver then run the launch path warm (§8.1: warm up, then measure); without it the figure
    /// includes the master compiling that path.
    /// </summary>
    private static async Task WarmUpLaunchAsync(ClusterSpec spec, ClusterProcesses cluster, IPEndPoint master, Action<string> progress)
    {
        progress($"warm-up: {spec.Warmup} tasks launched, run and torn down (unmeasured)");
        FrameworkProfile shape = spec.Profile.Frameworks[0] with { Name = "warmup" };
        await using (var warm = new BenchFramework(shape, spec.Warmup, master))
        {
            using var deadline = new CancellationTokenSource(spec.Timeout);
            await warm.StartAsync(deadline.Token);
            await warm.AllRunning.WaitAsync(spec.Timeout);
            await warm.TeardownAsync();
        }

        double left = await cluster.WaitForMetricAsync("master/tasks_running", 0, spec.Timeout);
        if (left != 0)
            throw new InvalidOperationException($"{left} warm-up tasks still running at the master after the teardown");
    }

    /// <summary>The launch (and, for status, the flood after it).</summary>
    private static async Task<ClusterMeasurement> LaunchAsync(ClusterSpec spec, ClusterProcesses cluster, ClusterPhase phase, Action<string> progress, Action<string, long, long>? bar)
    {
        var master = new IPEndPoint(IPAddress.Loopback, cluster.Port);
        var frameworks = new List<BenchFramework>();
        try
        {
            if (spec.Warmup > 0 && spec.Scenario is ClusterSpec.Launch or ClusterSpec.Status)
                await WarmUpLaunchAsync(spec, cluster, master, progress);
            foreach (FrameworkProfile f in spec.Profile.Frameworks)
                frameworks.Add(new BenchFramework(f, f.TaskCount(spec.Agents), master));
            int tasks = frameworks.Sum(static f => f.Target);
            await phase.StartAsync();
            progress($"{frameworks.Count} framework(s) subscribing; launching {tasks} tasks");
            using var deadline = new CancellationTokenSource(spec.Timeout);
            foreach (BenchFramework f in frameworks)
                await f.StartAsync(deadline.Token);
            bool allRunning = await ProgressBar.TrackAsync(WhenAll(frameworks.Select(static f => f.AllRunning), spec.Timeout), "tasks RUNNING", tasks,
                () => Task.FromResult((long)frameworks.Sum(static f => f.Running)), bar);
            long firstOffer = frameworks.Where(static f => f.FirstOfferAt != 0).Select(static f => f.FirstOfferAt).DefaultIfEmpty(phase.Started).Min();
            long lastRunning = frameworks.Max(static f => f.LastRunningAt);
            double launchSeconds = Seconds(lastRunning - firstOffer);
            int running = frameworks.Sum(static f => f.Running);
            progress($"{running} of {tasks} tasks RUNNING in {launchSeconds:F3} s (first offer → last RUNNING)");
            long[] runningAt = [.. frameworks.SelectMany(static f => f.RunningTimes())];
            if (spec.Scenario == ClusterSpec.Launch)
            {
                ClusterMeasurement launched = await phase.EndAsync(launchSeconds);
                return launched with { Tasks = tasks, TasksRunning = running, Ok = allRunning && running == tasks, FirstOfferAt = firstOffer, RunningAt = runningAt };
            }

            // The failover and the state queries start from the launched cluster, frameworks still subscribed.
            var setUp = new ClusterMeasurement { Tasks = tasks, TasksRunning = running, Ok = allRunning && running == tasks, FirstOfferAt = firstOffer, RunningAt = runningAt };
            if (spec.Scenario == ClusterSpec.Failover)
                return await ClusterFailover.RunAsync(spec, cluster, frameworks, phase, setUp, progress, bar);
            if (spec.Scenario == ClusterSpec.State)
                return await StateQueries.RunAsync(spec, cluster, phase, setUp, progress);

            // Status flood: every agent process sends K RUNNING updates per running task at once.
            await phase.StartAsync();
            long receivedBefore = frameworks.Sum(static f => f.Updates);
            progress($"status flood: {spec.UpdatesPerTask} RUNNING updates per task");
            string[] answers = await cluster.AskAgentsAsync($"flood {spec.UpdatesPerTask}", spec.Timeout);
            long updates = 0, start = long.MaxValue, end = 0;
            bool allAcked = true;
            foreach (string a in answers)
            {
                string[] w = a.Split(' ');
                if (w.Length != 5 || w[0] != "flooded")
                    throw new InvalidOperationException($"an agent process answered the flood with '{a}'");
                updates += long.Parse(w[1], System.Globalization.CultureInfo.InvariantCulture);
                start = Math.Min(start, long.Parse(w[2], System.Globalization.CultureInfo.InvariantCulture));
                end = Math.Max(end, long.Parse(w[3], System.Globalization.CultureInfo.InvariantCulture));
                allAcked &= w[4] == "1";
            }

            long received = frameworks.Sum(static f => f.Updates) - receivedBefore;
            ClusterMeasurement flood = await phase.EndAsync(Seconds(end - start));
            return flood with
            {
                Tasks = tasks, TasksRunning = running, Updates = updates, UpdatesReceived = received,
                Ok = allRunning && running == tasks && allAcked && received >= updates,
            };
        }
        finally
        {
            foreach (BenchFramework f in frameworks)
                await f.DisposeAsync();
        }
    }

    private static async Task<bool> WhenAll(IEnumerable<Task> tasks, TimeSpan timeout)
    {
        try
        {
            await Task.WhenAll(tasks).WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The nearest-rank percentile of sorted <paramref name="sorted"/>; 0 when empty.</summary>
    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Ms(LongHistogram h, double percentile) => h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(percentile) / 1000.0;

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }
}

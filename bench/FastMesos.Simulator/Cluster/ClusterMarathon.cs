using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FastMesos.Simulator.Marathon;
using FastMesos.Simulator.Wire;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// Scenario E of specs/performance.md §8.2 over the real wire: the Marathon daemon in its own process
/// (<c>sim cluster-marathon</c>) subscribes to the master process, the TCP agents play its tasks, and
/// N apps × M instances are POSTed to its REST API (8 in flight). Done when <c>GET /v2/deployments</c>
/// is empty and the apps' <c>tasksRunning</c> (<c>GET /v2/apps</c>) sum to N × M. Measured: first
/// POST → done, tasks/s, each POST's latency, launches the agents received beyond N × M.
/// While fewer than N × M tasks run at the master (its <c>master/tasks_running</c>, a cheap read),
/// Marathon is not asked: at a million tasks one <c>GET /v2/apps</c> occupies Marathon's loop for
/// hundreds of milliseconds, and polling it every 100 ms took most of that loop from the deployment.
/// </summary>
internal static class ClusterMarathon
{
    private const int HttpConcurrency = 8;

    /// <summary>Rounds of <c>--warmup</c>: the second compiles what the first promoted.</summary>
    private const int WarmupRounds = 2;

    /// <summary>Apps per warm-up round, POSTed one by one.</summary>
    private const int WarmupApps = 40;

    public static async Task<ClusterMeasurement> RunAsync(ClusterSpec spec, ClusterProcesses cluster, ClusterPhase phase, Action<string> progress)
    {
        string workDir = Path.Combine(Path.GetTempPath(), $"sim-cluster-marathon-{Guid.NewGuid():N}");
        Directory.CreateDirectory(workDir);
        int total = spec.Apps * spec.Instances;
        string[] flags =
        [
            "--master", $"127.0.0.1:{cluster.Port.ToString(CultureInfo.InvariantCulture)}", "--http_port", "0", "--work_dir", workDir,
            "--logging_level", "WARNING", "--max_instances_per_offer", "100", "--launch_tokens", "1000000",
            "--max_running_deployments", Math.Max(100, spec.Apps).ToString(CultureInfo.InvariantCulture),
            // The first periodic reconciliation at start-up, not inside the measured deployment (bench/README.md, sim marathon).
            "--reconciliation_initial_delay", "1",
        ];
        using ClientProcess marathon = ClientProcess.Start("cluster-marathon", flags, spec.Pin ? 1 : null, ClusterProcesses.DaemonEnvironment());
        try
        {
            const string Prefix = "Marathon listening on ";
            string line = await marathon.ReadLineAsync("its listening address", TimeSpan.FromSeconds(60));
            if (!line.StartsWith(Prefix, StringComparison.Ordinal))
                throw new InvalidOperationException($"Marathon printed '{line}' instead of its address");
            using var http = new HttpClient { BaseAddress = new Uri(line[Prefix.Length..]), Timeout = TimeSpan.FromSeconds(60) };
            await WaitSubscribedAsync(cluster, spec.Timeout);
            if (spec.Warmup > 0)
                await WarmUpAsync(cluster, http, spec.Warmup, spec.Timeout, progress);
            progress($"Marathon at {http.BaseAddress} subscribed; POSTing {spec.Apps} apps × {spec.Instances} instances, {HttpConcurrency} in flight");

            long launchedBefore = (await cluster.StatsAsync()).Sum(static s => s.Launched);
            // Before the phase: the heap the instances are counted from (a full collection, outside the clock).
            HeapAfterGc heapBefore = await HeapAfterGc.ReadAsync(marathon, "Marathon");
            TimeSpan marathonBefore = marathon.CpuTime();
            GcStats marathonGcBefore = await GcStats.ReadAsync(marathon, "Marathon");
            await phase.StartAsync();
            long start = Stopwatch.GetTimestamp();
            double[] postMs = new double[spec.Apps];
            await Concurrently.ForEachAsync(spec.Apps, HttpConcurrency, async i =>
            {
                long sent = Stopwatch.GetTimestamp();
                string body = MarathonBenchCluster.AppBody($"/bench/app-{i.ToString("D5", CultureInfo.InvariantCulture)}", spec.Instances);
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using HttpResponseMessage response = await http.PostAsync("v2/apps", content).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException($"POST /v2/apps answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
                postMs[i] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            });
            progress($"{spec.Apps} apps POSTed in {Stopwatch.GetElapsedTime(start).TotalSeconds:F3} s; waiting for {total} tasks RUNNING");

            (bool done, int running) = await WaitDeployedAsync(cluster, http, total, spec.Timeout);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            TimeSpan marathonCpu = marathon.CpuTime() - marathonBefore;
            GcStats marathonGc = (await GcStats.ReadAsync(marathon, "Marathon")).Since(marathonGcBefore);
            ClusterMeasurement measured = await phase.EndAsync(seconds);
            HeapAfterGc heapAfter = await HeapAfterGc.ReadAsync(marathon, "Marathon");
            long launched = measured.Stats.Sum(static s => s.Launched) - launchedBefore;
            Array.Sort(postMs);
            progress($"{running} of {total} tasks RUNNING in {seconds:F3} s ({launched} launches at the agents)");
            return measured with
            {
                Tasks = total,
                TasksRunning = running,
                PostMs = postMs,
                Launched = launched,
                MarathonCpu = marathonCpu,
                MarathonGc = marathonGc,
                MarathonHeapBefore = heapBefore.Bytes,
                MarathonHeapAfter = heapAfter.Bytes,
                Ok = done && running == total && launched == total,
            };
        }
        finally
        {
            marathon.CloseInput();
            try
            {
                await marathon.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                // Killed by the timeout: it is not running any more.
            }

            Directory.Delete(workDir, recursive: true);
        }
    }

    /// <summary>
    /// <c>--warmup W</c>, unmeasured: <see cref="WarmupRounds"/> times, W instances over up to
    /// <see cref="WarmupApps"/> apps under <c>/warmup</c> POSTed one by one (the per-request path
    /// must run past the tiered JIT's 30-call promotion threshold), run to RUNNING, then the group
    /// deleted and its tasks killed — as <c>sim marathon</c> warms up its in-process Marathon.
    /// </summary>
    private static async Task WarmUpAsync(ClusterProcesses cluster, HttpClient http, int instances, TimeSpan timeout, Action<string> progress)
    {
        int apps = Math.Min(WarmupApps, instances);
        for (int round = 1; round <= WarmupRounds; round++)
        {
            progress($"warm-up round {round}: {instances} instances over {apps} apps launched and killed");
            for (int i = 0; i < apps; i++)
            {
                int count = instances / apps + (i < instances % apps ? 1 : 0);
                string body = MarathonBenchCluster.AppBody($"/warmup/app-{i.ToString("D2", CultureInfo.InvariantCulture)}", count);
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using HttpResponseMessage posted = await http.PostAsync("v2/apps", content);
                if (!posted.IsSuccessStatusCode)
                    throw new InvalidOperationException($"warm-up POST /v2/apps answered {(int)posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");
            }
            if (!(await WaitDeployedAsync(cluster, http, instances, timeout)).Done)
                throw new TimeoutException($"the warm-up deployment did not finish within {timeout.TotalSeconds:F0} s");
            using (HttpResponseMessage deleted = await http.DeleteAsync("v2/groups/warmup"))
            {
                if (!deleted.IsSuccessStatusCode)
                    throw new InvalidOperationException($"warm-up DELETE /v2/groups/warmup answered {(int)deleted.StatusCode}: {await deleted.Content.ReadAsStringAsync()}");
            }
            if (!(await WaitDeployedAsync(cluster, http, 0, timeout)).Done)
                throw new TimeoutException($"the warm-up group was not gone within {timeout.TotalSeconds:F0} s");
        }
    }

    /// <summary>Waits until the master counts Marathon as a framework, so the clock starts with offers flowing.</summary>
    private static async Task WaitSubscribedAsync(ClusterProcesses cluster, TimeSpan timeout)
    {
        if (await cluster.WaitForMetricAsync("master/frameworks_active", 1, timeout) != 1)
            throw new TimeoutException($"Marathon did not subscribe within {timeout.TotalSeconds:F0} s");
    }

    /// <summary>
    /// Polls until no deployment is left and Marathon counts <paramref name="total"/> tasks running, or
    /// <paramref name="timeout"/>; (done, tasks running). Marathon is asked only once the master runs that many.
    /// </summary>
    private static async Task<(bool Done, int Running)> WaitDeployedAsync(ClusterProcesses cluster, HttpClient http, int total, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await cluster.MetricAsync("master/tasks_running") < total)
            {
                await Task.Delay(100);
                continue;
            }
            int deployments = await ArrayLengthAsync(http, "v2/deployments", null);
            int running = await ArrayLengthAsync(http, "v2/apps", "tasksRunning");
            if (deployments == 0 && running == total)
                return (true, running);
            await Task.Delay(100);
        }

        // Timed out: what Marathon counts, for the report (it may not have been asked yet).
        return (false, await ArrayLengthAsync(http, "v2/apps", "tasksRunning"));
    }

    /// <summary>The length of the JSON array at <paramref name="path"/> or, with <paramref name="sum"/>, the sum of that field over <c>apps</c>.</summary>
    private static async Task<int> ArrayLengthAsync(HttpClient http, string path, string? sum)
    {
        using HttpResponseMessage response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        using JsonDocument doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        if (sum is null)
            return doc.RootElement.GetArrayLength();
        int n = 0;
        foreach (JsonElement app in doc.RootElement.GetProperty("apps").EnumerateArray())
            n += app.GetProperty(sum).GetInt32();
        return n;
    }
}

using System.Diagnostics;
using System.Runtime;
using FastMesos.Marathon.Runtime;
using FastMesos.Messages;

namespace FastMesos.Simulator.Marathon;

/// <summary>
/// Marathon deploy and scale benchmarks (issue 6), in one process (<see cref="MarathonBenchCluster"/>):
/// a real master, <see cref="LaunchingAgent"/>s that answer every launch with TASK_RUNNING, and a
/// whole Marathon on an in-memory store. Requests go through HTTP; completion — every instance
/// RUNNING in Marathon's state and no deployment left — is read through the runtime's own loop
/// every few milliseconds (cheaper than polling /v2/apps, and the same state).
/// </summary>
public static class MarathonBenchRunner
{
    internal static readonly Resources AgentResources = Resources.Parse("cpus:64;mem:262144;disk:262144;ports:[31000-32000]");

    public static async Task<MarathonBenchResult> RunAsync(MarathonBenchSpec spec, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Scenario is not ("deploy" or "group" or "scale"))
            throw new ArgumentException($"unknown scenario '{spec.Scenario}' (deploy, group or scale)", nameof(spec));
        progress ??= static _ => { };
        await using MarathonBenchCluster cluster = await MarathonBenchCluster.StartAsync(
            spec, static i => new LaunchingAgent($"sim-agent-{i}", AgentResources), progress).ConfigureAwait(false);
        await cluster.WarmUpAsync(spec.WarmupInstances, spec.Timeout, progress, spec.Scenario).ConfigureAwait(false);
        int warmupLaunches = cluster.LaunchedAtAgents();

        if (spec.Scenario == "scale")
        {
            progress("setup: one app of 1 instance");
            await cluster.PostAppAsync(MarathonBenchCluster.AppBody("/bench/scaled", 1)).ConfigureAwait(false);
            await MarathonBenchCluster.UntilAsync(() => cluster.DoneAsync(1), spec.Timeout, "the app's first instance").ConfigureAwait(false);
        }

        await MarathonBenchCluster.JitQuietAsync().ConfigureAwait(false);
        progress($"measuring: {spec.Scenario}");
        MarathonBenchResult result = await MeasureAsync(cluster, spec, 0).ConfigureAwait(false);
        int launched = cluster.LaunchedAtAgents() - warmupLaunches;
        return result with
        {
            Launched = launched,
            OverScaled = launched > spec.TotalInstances,
            Ok = result.Ok && launched == spec.TotalInstances && cluster.UnexpectedAtAgents() == 0,
        };
    }

    /// <summary>
    /// The measured phase: the scenario's requests, then polling until <paramref name="alreadyRunning"/>
    /// + its instances run and no deployment is left. Launched counts every launch at the agents.
    /// </summary>
    internal static async Task<MarathonBenchResult> MeasureAsync(MarathonBenchCluster cluster, MarathonBenchSpec spec, int alreadyRunning)
    {
        MarathonRuntime runtime = cluster.Runtime;
        long jitMethods = JitInfo.GetCompiledMethodCount();
        TimeSpan jitTime = JitInfo.GetCompilationTime();
        int launchedBefore = cluster.LaunchedAtAgents();
        var metrics = runtime.Metrics;
        (long offers, long declined, long revives) = (metrics.OffersIncoming.Count, metrics.OffersDeclined.Count, metrics.Revives.Count);
        PhaseMeter meter = PhaseMeter.Start();
        long start = Stopwatch.GetTimestamp();

        if (spec.Scenario == "scale")
            await cluster.PutAsync("v2/apps/bench/scaled", $$"""{"instances":{{spec.Instances}}}""").ConfigureAwait(false);
        else if (spec.Scenario == "group")
            await CreateGroupAsync(cluster, spec).ConfigureAwait(false);
        else
            await CreateAppsAsync(cluster, spec).ConfigureAwait(false);
        double requests = Stopwatch.GetElapsedTime(start).TotalSeconds;
        int expected = alreadyRunning + spec.TotalInstances;
        // The agents' launch count is read on each poll too: when the last launch reached an agent
        // splits the run into offer matching and launching vs. status handling.
        double launchedSeconds = double.NaN;
        int launchTarget = launchedBefore + spec.TotalInstances - (spec.Scenario == "scale" ? 1 : 0);
        bool done = await MarathonBenchCluster.UntilAsync(() =>
        {
            if (double.IsNaN(launchedSeconds) && cluster.LaunchedAtAgents() >= launchTarget)
                launchedSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            return cluster.DoneAsync(expected);
        }, spec.Timeout, null).ConfigureAwait(false);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        PhaseCost cost = meter.Stop();
        jitMethods = JitInfo.GetCompiledMethodCount() - jitMethods;
        jitTime = JitInfo.GetCompilationTime() - jitTime;

        (int running, int deployments) = await runtime.QueryAsync(static r => (MarathonBenchCluster.RunningCount(r), r.Deployments.Count)).ConfigureAwait(false);
        (double getApps, long getAppsBytes) = await TimeGetAppsAsync(cluster).ConfigureAwait(false);
        int launched = cluster.LaunchedAtAgents() - launchedBefore;
        return new MarathonBenchResult
        {
            Scenario = spec.Scenario,
            Apps = spec.Scenario == "scale" ? 1 : spec.Apps,
            Instances = spec.Instances,
            Agents = spec.Agents,
            MaxInstancesPerOffer = spec.MaxInstancesPerOffer,
            MinWorkerThreads = spec.MinWorkerThreads,
            Seconds = Math.Round(seconds, 4),
            RequestsSeconds = Math.Round(requests, 4),
            LaunchedSeconds = double.IsNaN(launchedSeconds) ? null : Math.Round(launchedSeconds, 4),
            Launched = launched,
            Running = running - alreadyRunning,
            OverScaled = launched > spec.TotalInstances,
            DeploymentsLeft = deployments,
            StorePuts = cluster.Store.Puts,
            Offers = metrics.OffersIncoming.Count - offers,
            OffersDeclined = metrics.OffersDeclined.Count - declined,
            Revives = metrics.Revives.Count - revives,
            MarathonCpuSeconds = Math.Round(cost.CpuSeconds, 3),
            Gc0 = cost.Gc0,
            Gc1 = cost.Gc1,
            Gc2 = cost.Gc2,
            AllocatedBytes = cost.AllocatedBytes,
            GcPauseSeconds = Math.Round(cost.GcPauseSeconds, 3),
            JitMethods = jitMethods,
            JitSeconds = Math.Round(jitTime.TotalSeconds, 3),
            GetAppsSeconds = Math.Round(getApps, 4),
            GetAppsBytes = getAppsBytes,
            Ok = done && running == expected && deployments == 0,
        };
    }

    /// <summary>The fastest of three <c>GET /v2/apps</c> once the run is over, and the response's size.</summary>
    private static async Task<(double Seconds, long Bytes)> TimeGetAppsAsync(MarathonBenchCluster cluster)
    {
        double best = double.MaxValue;
        long bytes = 0;
        for (int i = 0; i < 3; i++)
        {
            long start = Stopwatch.GetTimestamp();
            byte[] body = await cluster.Http.GetByteArrayAsync("v2/apps").ConfigureAwait(false);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
            bytes = body.Length;
        }
        return (best, bytes);
    }

    /// <summary>POST /v2/apps for every app, <see cref="MarathonBenchSpec.HttpConcurrency"/> requests in flight.</summary>
    private static Task CreateAppsAsync(MarathonBenchCluster cluster, MarathonBenchSpec spec) =>
        Concurrently.ForEachAsync(spec.Apps, spec.HttpConcurrency, i => cluster.PostAppAsync(MarathonBenchCluster.AppBody($"/bench/app-{i:D5}", spec.Instances)));

    /// <summary>One POST /v2/groups carrying every app (one deployment, as a group of services is usually deployed).</summary>
    private static Task CreateGroupAsync(MarathonBenchCluster cluster, MarathonBenchSpec spec)
    {
        var body = new System.Text.StringBuilder("{\"id\":\"/bench\",\"apps\":[");
        for (int i = 0; i < spec.Apps; i++)
            body.Append(i == 0 ? "" : ",").Append(MarathonBenchCluster.AppBody($"/bench/app-{i:D5}", spec.Instances));
        body.Append("]}");
        return cluster.PostGroupAsync(body.ToString());
    }
}

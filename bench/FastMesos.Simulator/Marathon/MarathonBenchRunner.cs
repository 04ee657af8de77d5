using System.Diagnostics;
using System.Net;
using System.Runtime;
using FastMesos.Engine.Master;
using FastMesos.Marathon;
using FastMesos.Marathon.Cli;
using FastMesos.Marathon.Runtime;
using FastMesos.Marathon.State;
using FastMesos.Master;
using FastMesos.Messages;
using FastMesos.Transport.Connections;
using AllocatorOptions = FastMesos.Engine.AllocatorOptions;

namespace FastMesos.Simulator.Marathon;

/// <summary>
/// Marathon deploy and scale benchmarks (issue 6), in one process: a real master on an in-process
/// endpoint, <see cref="LaunchingAgent"/>s that answer every launch with TASK_RUNNING, and a whole
/// Marathon (<see cref="MarathonHost"/>: runtime, driver over the in-process transport, REST API on
/// loopback HTTP) on an in-memory store. Requests go through HTTP; completion — every instance
/// RUNNING in Marathon's state and no deployment left — is read through the runtime's own loop
/// every few milliseconds (cheaper than polling /v2/apps, and the same state).
/// </summary>
public static class MarathonBenchRunner
{
    private const string MasterName = "marathon-bench-master";
    private const int MaxWarmupRounds = 6;

    /// <summary>A warm-up round that compiled fewer methods than this leaves the JIT settled.</summary>
    private const int WarmupSettledMethods = 50;

    private static readonly Resources AgentResources = Resources.Parse("cpus:64;mem:262144;disk:262144;ports:[31000-32000]");

    public static async Task<MarathonBenchResult> RunAsync(MarathonBenchSpec spec, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Scenario is not ("deploy" or "group" or "scale"))
            throw new ArgumentException($"unknown scenario '{spec.Scenario}' (deploy, group or scale)", nameof(spec));
        progress ??= static _ => { };
        // Master, agents, Marathon and its HTTP server share this process's thread pool. Without a
        // warm-up the default minimum (one thread per core) starved under the first launch flood
        // (the pool grows by a thread per 500 ms); after the warm-up it does not, and more threads
        // only contend for the two cores (perf-reports/2026-12-03-marathon.md). 0 keeps the default.
        if (spec.MinWorkerThreads > 0)
        {
            ThreadPool.GetMinThreads(out int workers, out int io);
            ThreadPool.SetMinThreads(Math.Max(workers, spec.MinWorkerThreads), io);
        }
        var transport = new InProcTransport();
        var masterEndPoint = new InProcEndPoint(MasterName);
        MasterServer master = await MasterServer.StartAsync(new MasterServerOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),   // not listened at: the in-process transport uses TransportEndPoint
            TransportEndPoint = masterEndPoint,
            Transport = transport,
            Core = new MasterOptions
            {
                MasterId = MasterName,
                Allocator = new AllocatorOptions { AllocationInterval = TimeSpan.FromSeconds(1) },
            },
        }).ConfigureAwait(false);
        var agents = new LaunchingAgent[spec.Agents];
        var store = new InMemoryMarathonStore();
        MarathonHost? marathon = null;
        try
        {
            progress($"registering {spec.Agents} agents");
            for (int i = 0; i < agents.Length; i++)
                agents[i] = new LaunchingAgent($"sim-agent-{i}", AgentResources);
            await RegisterAllAsync(agents, transport, masterEndPoint).ConfigureAwait(false);

            progress("starting Marathon");
            marathon = await MarathonHost.StartAsync(new MarathonOptions
            {
                Master = masterEndPoint,
                Transport = transport,
                HttpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
                WorkDir = Path.GetTempPath(),   // unused: the store is in memory
                MaxInstancesPerOffer = spec.MaxInstancesPerOffer,
                LaunchTokens = spec.LaunchTokens ?? Math.Max(100, spec.Apps * spec.Instances),
                MaxRunningDeployments = Math.Max(100, spec.Apps + 1),
                Log = spec.Log,
            }, store).ConfigureAwait(false);
            MarathonRuntime runtime = marathon.Runtime;
            await UntilAsync(() => Task.FromResult(runtime.IsSubscribed), spec.Timeout, "Marathon subscribed").ConfigureAwait(false);
            using var http = new HttpClient { BaseAddress = marathon.Url, Timeout = spec.Timeout };

            // Warm-up (unmeasured), as in a Marathon that has been up for a while: an app of
            // WarmupInstances instances is deployed and deleted, round after round, until the JIT
            // settles. One round was not enough: the tiered JIT promotes methods in the background
            // (tier 0 → instrumented → tier 1, each after 30 calls and a quiet period), so the
            // measured phase still ran much code unoptimized and paid its compilation, ~30% of the
            // process's CPU (perf-reports/2026-12-04-marathon.md). jit_methods in the result says
            // how much compilation still landed in the measured phase.
            for (int round = 1; spec.WarmupInstances > 0 && round <= MaxWarmupRounds; round++)
            {
                progress($"warm-up round {round}: {spec.WarmupInstances} instances launched and killed");
                long compiledBefore = JitInfo.GetCompiledMethodCount();
                await WarmupDeployAsync(http, spec).ConfigureAwait(false);
                await UntilAsync(() => DoneAsync(runtime, spec.WarmupInstances), spec.Timeout, "the warm-up deployment").ConfigureAwait(false);
                await DeleteAsync(http, "v2/groups/warmup").ConfigureAwait(false);
                await UntilAsync(() => runtime.QueryAsync(static r => r.Deployments.Count == 0 && r.Instances.Count == 0), spec.Timeout, "the warm-up app gone").ConfigureAwait(false);
                await JitQuietAsync().ConfigureAwait(false);
                if (JitInfo.GetCompiledMethodCount() - compiledBefore < WarmupSettledMethods)
                    break;
            }
            int warmupLaunches = LaunchedAtAgents(agents);

            if (spec.Scenario == "scale")
            {
                progress("setup: one app of 1 instance");
                await PostAppAsync(http, AppBody("/bench/scaled", 1)).ConfigureAwait(false);
                await UntilAsync(() => DoneAsync(runtime, 1), spec.Timeout, "the app's first instance").ConfigureAwait(false);
            }

            await JitQuietAsync().ConfigureAwait(false);
            progress($"measuring: {spec.Scenario}");
            long jitMethods = JitInfo.GetCompiledMethodCount();
            TimeSpan jitTime = JitInfo.GetCompilationTime();
            PhaseMeter meter = PhaseMeter.Start();
            long start = Stopwatch.GetTimestamp();

            if (spec.Scenario == "scale")
                await PutAsync(http, "v2/apps/bench/scaled", $$"""{"instances":{{spec.Instances}}}""").ConfigureAwait(false);
            else if (spec.Scenario == "group")
                await CreateGroupAsync(http, spec).ConfigureAwait(false);
            else
                await CreateAppsAsync(http, spec).ConfigureAwait(false);
            double requests = Stopwatch.GetElapsedTime(start).TotalSeconds;
            // The agents' launch count is read on each poll too: when the last launch reached an
            // agent splits the run into offer matching and launching vs. status handling.
            double launchedSeconds = double.NaN;
            int launchTarget = warmupLaunches + spec.TotalInstances - (spec.Scenario == "scale" ? 1 : 0);
            bool done = await UntilAsync(() =>
            {
                if (double.IsNaN(launchedSeconds) && LaunchedAtAgents(agents) >= launchTarget)
                    launchedSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                return DoneAsync(runtime, spec.TotalInstances);
            }, spec.Timeout, null).ConfigureAwait(false);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

            PhaseCost cost = meter.Stop();
            jitMethods = JitInfo.GetCompiledMethodCount() - jitMethods;
            jitTime = JitInfo.GetCompilationTime() - jitTime;

            (int running, int deployments) = await runtime.QueryAsync(static r => (RunningCount(r), r.Deployments.Count)).ConfigureAwait(false);
            int launched = LaunchedAtAgents(agents) - warmupLaunches, unexpected = 0;
            foreach (LaunchingAgent agent in agents)
                unexpected += agent.Unexpected;
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
                Running = running,
                OverScaled = launched > spec.TotalInstances,
                DeploymentsLeft = deployments,
                StorePuts = store.Puts,
                MarathonCpuSeconds = Math.Round(cost.CpuSeconds, 3),
                Gc0 = cost.Gc0,
                Gc1 = cost.Gc1,
                Gc2 = cost.Gc2,
                AllocatedBytes = cost.AllocatedBytes,
                JitMethods = jitMethods,
                JitSeconds = Math.Round(jitTime.TotalSeconds, 3),
                Ok = done && running == spec.TotalInstances && deployments == 0 && launched == spec.TotalInstances && unexpected == 0,
            };
        }
        finally
        {
            if (marathon is not null)
                await marathon.DisposeAsync().ConfigureAwait(false);
            else
                await store.DisposeAsync().ConfigureAwait(false);
            foreach (LaunchingAgent? agent in agents)
            {
                if (agent is not null)
                    await agent.DisconnectAsync().ConfigureAwait(false);
            }
            await master.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One warm-up deployment of <see cref="MarathonBenchSpec.WarmupInstances"/> instances under
    /// <c>/warmup</c>, through the same requests the measured scenario makes — a group POST, a
    /// scale PUT or app POSTs — so their code paths are compiled before the clock starts.
    /// </summary>
    private static async Task WarmupDeployAsync(HttpClient http, MarathonBenchSpec spec)
    {
        const int GroupApps = 20;
        switch (spec.Scenario)
        {
            case "group":
                var body = new System.Text.StringBuilder("{\"id\":\"/warmup\",\"apps\":[");
                for (int i = 0; i < GroupApps; i++)
                {
                    int instances = spec.WarmupInstances / GroupApps + (i < spec.WarmupInstances % GroupApps ? 1 : 0);
                    body.Append(i == 0 ? "" : ",").Append(AppBody($"/warmup/app-{i:D2}", instances));
                }
                body.Append("]}");
                using (var content = new StringContent(body.ToString(), System.Text.Encoding.UTF8, "application/json"))
                using (HttpResponseMessage response = await http.PostAsync("v2/groups", content).ConfigureAwait(false))
                    await EnsureAsync(response, "POST /v2/groups (warm-up)").ConfigureAwait(false);
                break;
            case "scale":
                await PostAppAsync(http, AppBody("/warmup/app", 1)).ConfigureAwait(false);
                await PutAsync(http, "v2/apps/warmup/app?force=true", $$"""{"instances":{{spec.WarmupInstances}}}""").ConfigureAwait(false);
                break;
            default:
                await PostAppAsync(http, AppBody("/warmup/app", spec.WarmupInstances)).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>A small command app: tiny resources, one host port (Marathon's default port definition).</summary>
    private static string AppBody(string id, int instances) =>
        $$"""{"id":"{{id}}","cmd":"sleep 100000","cpus":0.01,"mem":1,"disk":0,"instances":{{instances}}}""";

    /// <summary>POST /v2/apps for every app, <see cref="MarathonBenchSpec.HttpConcurrency"/> requests in flight.</summary>
    private static Task CreateAppsAsync(HttpClient http, MarathonBenchSpec spec) =>
        Concurrently.ForEachAsync(spec.Apps, spec.HttpConcurrency, i => PostAppAsync(http, AppBody($"/bench/app-{i:D5}", spec.Instances)));

    /// <summary>One POST /v2/groups carrying every app (one deployment, as a group of services is usually deployed).</summary>
    private static async Task CreateGroupAsync(HttpClient http, MarathonBenchSpec spec)
    {
        var body = new System.Text.StringBuilder("{\"id\":\"/bench\",\"apps\":[");
        for (int i = 0; i < spec.Apps; i++)
            body.Append(i == 0 ? "" : ",").Append(AppBody($"/bench/app-{i:D5}", spec.Instances));
        body.Append("]}");
        using var content = new StringContent(body.ToString(), System.Text.Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await http.PostAsync("v2/groups", content).ConfigureAwait(false);
        await EnsureAsync(response, "POST /v2/groups").ConfigureAwait(false);
    }

    private static async Task PostAppAsync(HttpClient http, string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await http.PostAsync("v2/apps", content).ConfigureAwait(false);
        await EnsureAsync(response, "POST /v2/apps").ConfigureAwait(false);
    }

    private static async Task PutAsync(HttpClient http, string path, string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await http.PutAsync(path, content).ConfigureAwait(false);
        await EnsureAsync(response, "PUT /" + path).ConfigureAwait(false);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
    }

    private static async Task DeleteAsync(HttpClient http, string path)
    {
        using HttpResponseMessage response = await http.DeleteAsync(path).ConfigureAwait(false);
        await EnsureAsync(response, "DELETE /" + path).ConfigureAwait(false);
    }

    private static int LaunchedAtAgents(LaunchingAgent[] agents)
    {
        int launched = 0;
        foreach (LaunchingAgent agent in agents)
            launched += agent.Launched;
        return launched;
    }

    private static Task<bool> DoneAsync(MarathonRuntime runtime, int expected) =>
        runtime.QueryAsync(r => r.Deployments.Count == 0 && RunningCount(r) == expected);

    private static int RunningCount(MarathonRuntime runtime)
    {
        int running = 0;
        foreach (Instance instance in runtime.Instances)
        {
            if (instance.IsRunning)
                running++;
        }
        return running;
    }

    private static Task RegisterAllAsync(LaunchingAgent[] agents, InProcTransport transport, InProcEndPoint master) =>
        Concurrently.ForEachAsync(agents.Length, 16, i => agents[i].RegisterAsync(transport, master));

    /// <summary>
    /// Waits (at most 5 s) until no method was compiled for 300 ms: the background tier-up the last
    /// round queued has finished, so it neither competes with the next round nor lands in the measurement.
    /// </summary>
    private static async Task JitQuietAsync()
    {
        long start = Stopwatch.GetTimestamp();
        long last = JitInfo.GetCompiledMethodCount();
        while (Stopwatch.GetElapsedTime(start) < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(300).ConfigureAwait(false);
            long now = JitInfo.GetCompiledMethodCount();
            if (now == last)
                return;
            last = now;
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 2 ms; false on timeout (or throws, when <paramref name="what"/> names it).</summary>
    private static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string? what)
    {
        long start = Stopwatch.GetTimestamp();
        while (!await condition().ConfigureAwait(false))
        {
            if (Stopwatch.GetElapsedTime(start) > timeout)
                return what is null ? false : throw new TimeoutException($"timed out after {timeout.TotalSeconds} s waiting for {what}");
            await Task.Delay(2).ConfigureAwait(false);
        }
        return true;
    }
}

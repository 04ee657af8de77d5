using System.Diagnostics;
using System.Net;
using System.Runtime;
using FastMesos.Engine.Master;
using FastMesos.Marathon;
using FastMesos.Marathon.Cli;
using FastMesos.Marathon.Runtime;
using FastMesos.Marathon.State;
using FastMesos.Master;
using FastMesos.Transport.Connections;
using AllocatorOptions = FastMesos.Engine.AllocatorOptions;

namespace FastMesos.Simulator.Marathon;

/// <summary>
/// The cluster the Marathon benchmarks run against, in one process: a real master on an in-process
/// endpoint, <see cref="LaunchingAgent"/>s registered with it, and a whole Marathon
/// (<see cref="MarathonHost"/>: runtime, driver over the in-process transport, REST API on loopback
/// HTTP) on an in-memory store, plus an HTTP client for that API. Disposing stops all of it.
/// </summary>
internal sealed class MarathonBenchCluster : IAsyncDisposable
{
    private const string MasterName = "marathon-bench-master";
    private const int MaxWarmupRounds = 6;

    /// <summary>A warm-up round that compiled fewer methods than this leaves the JIT settled.</summary>
    private const int WarmupSettledMethods = 50;

    /// <summary>Apps POSTed one by one in each warm-up round of the deploy scenario (past the JIT's 30-call promotion threshold).</summary>
    private const int DeployWarmupApps = 40;

    private readonly MasterServer _master;
    private readonly LaunchingAgent?[] _agents;
    private readonly InMemoryMarathonStore _store;
    private MarathonHost? _marathon;
    private HttpClient? _http;

    private MarathonBenchCluster(MasterServer master, LaunchingAgent?[] agents, InMemoryMarathonStore store)
    {
        _master = master;
        _agents = agents;
        _store = store;
    }

    public MarathonRuntime Runtime => _marathon!.Runtime;

    public HttpClient Http => _http!;

    public InMemoryMarathonStore Store => _store;

    /// <summary>
    /// Starts the master, registers <paramref name="spec"/>.Agents agents (agent <c>i</c> is
    /// <paramref name="agent"/>(i)), starts Marathon and waits until it subscribed.
    /// </summary>
    public static async Task<MarathonBenchCluster> StartAsync(MarathonBenchSpec spec, Func<int, LaunchingAgent> agent, Action<string> progress)
    {
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
        var cluster = new MarathonBenchCluster(master, new LaunchingAgent?[spec.Agents], new InMemoryMarathonStore());
        try
        {
            progress($"registering {spec.Agents} agents");
            for (int i = 0; i < cluster._agents.Length; i++)
                cluster._agents[i] = agent(i);
            await Concurrently.ForEachAsync(cluster._agents.Length, 16, i => cluster._agents[i]!.RegisterAsync(transport, masterEndPoint)).ConfigureAwait(false);

            progress("starting Marathon");
            cluster._marathon = await MarathonHost.StartAsync(new MarathonOptions
            {
                Master = masterEndPoint,
                Transport = transport,
                HttpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
                WorkDir = Path.GetTempPath(),   // unused: the store is in memory
                MaxInstancesPerOffer = spec.MaxInstancesPerOffer,
                LaunchTokens = spec.LaunchTokens ?? Math.Max(100, spec.Apps * spec.Instances),
                MaxRunningDeployments = Math.Max(100, spec.Apps + 1),
                MinReviveOffersInterval = TimeSpan.FromMilliseconds(spec.MinReviveOffersIntervalMs ?? MarathonFlags.DefaultMinReviveOffersIntervalMs),
                // Marathon's first periodic reconciliation comes 15 s after start, which is where the
                // measured phase falls after the warm-up: a reconciliation of every running task (and
                // the master's answer per task) then landed in some runs and not in others. Here it
                // runs at start-up, over an empty cluster; the next one is the 10-minute interval away.
                ReconciliationInitialDelay = TimeSpan.Zero,
                Log = spec.Log,
            }, cluster._store).ConfigureAwait(false);
            cluster._http = new HttpClient { BaseAddress = cluster._marathon.Url, Timeout = spec.Timeout };
            MarathonRuntime runtime = cluster.Runtime;
            await UntilAsync(() => Task.FromResult(runtime.IsSubscribed), spec.Timeout, "Marathon subscribed").ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Warm-up (unmeasured), as in a Marathon that has been up for a while: an app of
    /// <paramref name="instances"/> instances is deployed and deleted, round after round, until the
    /// JIT settles. One round was not enough: the tiered JIT promotes methods in the background
    /// (tier 0 → instrumented → tier 1, each after 30 calls and a quiet period), so the measured
    /// phase still ran much code unoptimized and paid its compilation, ~30% of the process's CPU
    /// (perf-reports/2026-12-04-marathon.md). jit_methods in the result says how much compilation
    /// still landed in the measured phase.
    /// </summary>
    public async Task WarmUpAsync(int instances, TimeSpan timeout, Action<string> progress, string scenario = "deploy")
    {
        MarathonRuntime runtime = Runtime;
        for (int round = 1; instances > 0 && round <= MaxWarmupRounds; round++)
        {
            progress($"warm-up round {round}: {instances} instances launched and killed");
            long compiledBefore = JitInfo.GetCompiledMethodCount();
            await WarmupDeployAsync(instances, scenario).ConfigureAwait(false);
            await UntilAsync(() => DoneAsync(instances), timeout, "the warm-up deployment").ConfigureAwait(false);
            await DeleteAsync("v2/groups/warmup").ConfigureAwait(false);
            await UntilAsync(() => runtime.QueryAsync(static r => r.Deployments.Count == 0 && r.Instances.Count == 0), timeout, "the warm-up app gone").ConfigureAwait(false);
            await JitQuietAsync().ConfigureAwait(false);
            if (JitInfo.GetCompiledMethodCount() - compiledBefore < WarmupSettledMethods)
                break;
        }
    }

    /// <summary>
    /// One warm-up deployment of <paramref name="instances"/> instances under <c>/warmup</c>, through
    /// the same requests the measured scenario makes — a group POST, a scale PUT or an app POST — so
    /// their code paths are compiled before the clock starts.
    /// </summary>
    private async Task WarmupDeployAsync(int instances, string scenario)
    {
        const int GroupApps = 20;
        switch (scenario)
        {
            case "group":
                var body = new System.Text.StringBuilder("{\"id\":\"/warmup\",\"apps\":[");
                for (int i = 0; i < GroupApps; i++)
                {
                    int count = instances / GroupApps + (i < instances % GroupApps ? 1 : 0);
                    body.Append(i == 0 ? "" : ",").Append(AppBody($"/warmup/app-{i:D2}", count));
                }
                body.Append("]}");
                await PostGroupAsync(body.ToString()).ConfigureAwait(false);
                break;
            case "scale":
                // Forced: the POST's own deployment still holds the app.
                await PostAppAsync(AppBody("/warmup/app", 1)).ConfigureAwait(false);
                await PutAsync("v2/apps/warmup/app?force=true", $$"""{"instances":{{instances}}}""").ConfigureAwait(false);
                break;
            default:
                // Many POSTs, as the measured scenario makes one per app: the per-request path
                // (JSON read, validation, group update, deployment, store) must run often enough
                // in a round for the tiered JIT to promote it, which one POST per round never did.
                int apps = Math.Min(DeployWarmupApps, instances);
                for (int i = 0; i < apps; i++)
                {
                    int count = instances / apps + (i < instances % apps ? 1 : 0);
                    await PostAppAsync(AppBody($"/warmup/app-{i:D2}", count)).ConfigureAwait(false);
                }
                break;
        }
    }

    /// <summary>A small command app: tiny resources, one host port (Marathon's default port definition); <paramref name="extra"/> is spliced in as more JSON properties.</summary>
    public static string AppBody(string id, int instances, string extra = "") =>
        $$"""{"id":"{{id}}","cmd":"sleep 100000","cpus":0.01,"mem":1,"disk":0,"instances":{{instances}}{{extra}}}""";

    public async Task PostAppAsync(string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await Http.PostAsync("v2/apps", content).ConfigureAwait(false);
        await EnsureAsync(response, "POST /v2/apps").ConfigureAwait(false);
    }

    public async Task PostGroupAsync(string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await Http.PostAsync("v2/groups", content).ConfigureAwait(false);
        await EnsureAsync(response, "POST /v2/groups").ConfigureAwait(false);
    }

    public async Task PutAsync(string path, string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await Http.PutAsync(path, content).ConfigureAwait(false);
        await EnsureAsync(response, "PUT /" + path).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string path)
    {
        using HttpResponseMessage response = await Http.DeleteAsync(path).ConfigureAwait(false);
        await EnsureAsync(response, "DELETE /" + path).ConfigureAwait(false);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
    }

    /// <summary>RunTask messages counted at the agents so far.</summary>
    public int LaunchedAtAgents()
    {
        int launched = 0;
        foreach (LaunchingAgent? agent in _agents)
            launched += agent?.Launched ?? 0;
        return launched;
    }

    /// <summary>Messages the agents did not expect so far.</summary>
    public int UnexpectedAtAgents()
    {
        int unexpected = 0;
        foreach (LaunchingAgent? agent in _agents)
            unexpected += agent?.Unexpected ?? 0;
        return unexpected;
    }

    /// <summary>True when no deployment is left and exactly <paramref name="expected"/> instances run.</summary>
    public Task<bool> DoneAsync(int expected) =>
        Runtime.QueryAsync(r => r.Deployments.Count == 0 && RunningCount(r) == expected);

    public static int RunningCount(MarathonRuntime runtime)
    {
        int running = 0;
        foreach (Instance instance in runtime.Instances)
        {
            if (instance.IsRunning)
                running++;
        }
        return running;
    }

    /// <summary>
    /// Waits (at most 5 s) until no method was compiled for 300 ms: the background tier-up the last
    /// round queued has finished, so it neither competes with the next round nor lands in the measurement.
    /// </summary>
    public static async Task JitQuietAsync()
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
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string? what)
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

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_marathon is not null)
            await _marathon.DisposeAsync().ConfigureAwait(false);
        else
            await _store.DisposeAsync().ConfigureAwait(false);
        foreach (LaunchingAgent? agent in _agents)
        {
            if (agent is not null)
                await agent.DisconnectAsync().ConfigureAwait(false);
        }
        await _master.DisposeAsync().ConfigureAwait(false);
    }
}

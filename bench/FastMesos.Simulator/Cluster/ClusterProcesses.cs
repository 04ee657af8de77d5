using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FastMesos.Hosting;
using FastMesos.Simulator.Wire;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// The processes of one <c>sim cluster</c> run: the real master (<c>sim cluster-master</c>) on a
/// free loopback port, and the agent processes (<c>sim cluster-agents</c>), with the line protocol
/// to each. Disposing ends them all (stdin closed, then killed if still running).
/// </summary>
internal sealed class ClusterProcesses : IAsyncDisposable
{
    private readonly List<ClientProcess> _agents = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private ClusterProcesses(ClientProcess master, int port)
    {
        Master = master;
        Port = port;
    }

    /// <summary>The master process; a new one after <see cref="FailOverAsync"/>.</summary>
    public ClientProcess Master { get; private set; }

    public int Port { get; private set; }

    public IReadOnlyList<ClientProcess> Agents => _agents;

    /// <summary>Starts the master and waits for the port it listens on.</summary>
    public static async Task<ClusterProcesses> StartMasterAsync(ClusterSpec spec)
    {
        (ClientProcess master, int port) = await StartMasterProcessAsync(spec);
        return new ClusterProcesses(master, port);
    }

    /// <summary>
    /// The failover: kills the master (SIGKILL, nothing flushed or said goodbye) and starts a new
    /// one on a new free port, without a registry (none survives the kill: the daemon keeps it in
    /// memory unless it runs with ZooKeeper). Returns when the new master listens (its
    /// <see cref="Stopwatch"/> timestamp, read as its "listening" line arrives).
    /// </summary>
    public async Task<long> FailOverAsync(ClusterSpec spec)
    {
        ClientProcess old = Master;
        old.Kill();
        await old.WaitForExitAsync(TimeSpan.FromSeconds(30));
        old.Dispose();
        (Master, Port) = await StartMasterProcessAsync(spec);
        return Stopwatch.GetTimestamp();
    }

    private static async Task<(ClientProcess Master, int Port)> StartMasterProcessAsync(ClusterSpec spec)
    {
        string[] flags =
        [
            "--ip=127.0.0.1", "--port=0", "--logging_level=WARNING",
            $"--agent_ping_timeout={spec.PingIntervalSeconds}secs",
            // Pings every second (the scenarios' heartbeat), but the unreachable verdict keeps Mesos'
            // default budget (15 s x 5 = 75 s): under a 10k-agent flood a pong can queue behind
            // seconds of status updates, which 5 missed 1 s pings would already call a lost agent.
            $"--max_agent_ping_timeouts={Math.Max(5, (75 + spec.PingIntervalSeconds - 1) / spec.PingIntervalSeconds)}",
            $"--max_completed_tasks_per_framework={MaxCompletedTasksPerFramework}",
            $"--warmup_agents={spec.MasterWarmupAgents}",
            $"--datagram_heartbeats={(spec.DatagramHeartbeats ? "true" : "false")}",
        ];
        ClientProcess master = ClientProcess.Start("cluster-master", flags, spec.Pin ? 1 : null, DaemonEnvironment());
        try
        {
            const string Prefix = "Master listening on ";
            string line = await master.ReadLineAsync("its listening address", TimeSpan.FromSeconds(60));
            if (!line.StartsWith(Prefix, StringComparison.Ordinal))
                throw new InvalidOperationException($"the master printed '{line}' instead of its address");
            return (master, new Uri(line[Prefix.Length..]).Port);
        }
        catch
        {
            master.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts the agent processes, agents split evenly, and waits until each is warm (its
    /// <c>ready</c>); <see cref="RegisterAgentsAsync"/> then starts their storm.
    /// </summary>
    public async Task StartAgentsAsync(ClusterSpec spec)
    {
        int processes = spec.ProcessCount;
        for (int p = 0; p < processes; p++)
        {
            int first = (int)((long)spec.Agents * p / processes);
            int end = (int)((long)spec.Agents * (p + 1) / processes);
            var args = new List<string>
            {
                "--port", Port.ToString(CultureInfo.InvariantCulture),
                "--first", first.ToString(CultureInfo.InvariantCulture),
                "--agents", (end - first).ToString(CultureInfo.InvariantCulture),
                "--total", spec.Agents.ToString(CultureInfo.InvariantCulture),
            };
            if (spec.ProfilePath is not null)
                args.AddRange(["--profile", spec.ProfilePath]);
            _agents.Add(ClientProcess.Start("cluster-agents", args, spec.Pin ? 0 : null));
        }

        // Warm, each waits for "go": the storm starts in every process at once.
        foreach (string ready in await Task.WhenAll(_agents.Select(a => a.ReadLineAsync("its warm-up", spec.Timeout))))
        {
            if (ready != "ready")
                throw new InvalidOperationException($"an agent process printed '{ready}' instead of 'ready'");
        }
    }

    /// <summary>Tells every warm agent process to dial (all at once); returns each one's registration line, parsed.</summary>
    public async Task<(long DialStart, long LastAnswer, long Registered, long CpuMicros)[]> RegisterAgentsAsync(ClusterSpec spec)
    {
        foreach (ClientProcess a in _agents)
            await a.SendLineAsync("go");
        var lines = await Task.WhenAll(_agents.Select(a => a.ReadLineAsync("its registration report", spec.Timeout)));
        var result = new (long, long, long, long)[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            string[] w = lines[i].Split(' ');
            if (w.Length != 5 || w[0] != "registered")
                throw new InvalidOperationException($"agent process {i} printed '{lines[i]}' instead of its registration report");
            result[i] = (Long(w[2]), Long(w[3]), Long(w[1]), Long(w[4]));
        }

        return result;
    }

    /// <summary>Sends <paramref name="command"/> to every agent process and returns each one's answer line.</summary>
    public async Task<string[]> AskAgentsAsync(string command, TimeSpan timeout)
    {
        foreach (ClientProcess a in _agents)
            await a.SendLineAsync(command);
        return await Task.WhenAll(_agents.Select(a => a.ReadLineAsync($"an answer to '{command}'", timeout)));
    }

    /// <summary>Every agent process's <c>stats</c>.</summary>
    public async Task<AgentsReport[]> StatsAsync()
    {
        string[] lines = await AskAgentsAsync("stats", TimeSpan.FromSeconds(60));
        var reports = new AgentsReport[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("stats ", StringComparison.Ordinal))
                throw new InvalidOperationException($"agent process {i} answered stats with '{lines[i]}'");
            reports[i] = JsonSerializer.Deserialize<AgentsReport>(lines[i].AsSpan(6))
                ?? throw new InvalidOperationException($"agent process {i} sent null stats");
        }

        return reports;
    }

    /// <summary>The master's <c>/metrics/snapshot</c> value <paramref name="name"/>.</summary>
    public async Task<double> MetricAsync(string name)
    {
        Dictionary<string, double> snapshot = await MetricsAsync();
        return snapshot.TryGetValue(name, out double v) ? v : throw new InvalidOperationException($"the master has no metric {name}");
    }

    /// <summary>The master's <c>--max_completed_tasks_per_framework</c> (Mesos' default).</summary>
    public const int MaxCompletedTasksPerFramework = 1000;

    /// <summary>How many completed tasks the master lists over all its frameworks (<c>/master/frameworks</c>).</summary>
    public async Task<long> CompletedTasksAsync()
    {
        using HttpResponseMessage response = await _http.GetAsync(new Uri($"http://127.0.0.1:{Port}/master/frameworks"));
        response.EnsureSuccessStatusCode();
        using JsonDocument doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        long completed = 0;
        foreach (JsonElement fw in doc.RootElement.GetProperty("frameworks").EnumerateArray())
            completed += fw.GetProperty("completed_tasks").GetArrayLength();
        return completed;
    }

    /// <summary>The master's whole <c>/metrics/snapshot</c>, one consistent reading (it is taken under the master's lock).</summary>
    public async Task<Dictionary<string, double>> MetricsAsync()
    {
        using HttpResponseMessage response = await _http.GetAsync(new Uri($"http://127.0.0.1:{Port}/metrics/snapshot"));
        response.EnsureSuccessStatusCode();
        using JsonDocument doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        var snapshot = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            snapshot[p.Name] = p.Value.GetDouble();
        return snapshot;
    }

    /// <summary>Polls <paramref name="name"/> until it equals <paramref name="expected"/> or <paramref name="timeout"/> passes; returns the last value.</summary>
    public async Task<double> WaitForMetricAsync(string name, double expected, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            double value = await MetricAsync(name);
            if (value == expected || clock.Elapsed > timeout)
                return value;
            await Task.Delay(20);
        }
    }

    /// <summary>Forces a full GC in the master; its managed heap and GC counts.</summary>
    public async Task<(long Heap, int Gc0, int Gc1, int Gc2)> MasterHeapAsync()
    {
        HeapAfterGc heap = await HeapAfterGc.ReadAsync(Master, "the master");
        return (heap.Bytes, heap.Gen0, heap.Gen1, heap.Gen2);
    }

    /// <summary>
    /// The garbage-collector settings of the daemons (<see cref="DaemonGc"/>) for a process that
    /// stands in for one, the master or Marathon: this simulator's own configuration (non-concurrent,
    /// for the in-process scenarios) is not what they ship with. A variable set in this process's
    /// environment is inherited instead, so a run can measure another setting.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> DaemonEnvironment()
    {
        foreach (KeyValuePair<string, string> variable in DaemonGc.Environment)
        {
            if (Environment.GetEnvironmentVariable(variable.Key) is null)
                yield return variable;
        }
    }

    /// <summary>The master's garbage collector as it describes it (<see cref="DaemonGc.Describe"/>).</summary>
    public async Task<string> MasterGcModeAsync()
    {
        const string Prefix = "gcmode ";
        await Master.SendLineAsync("gcmode");
        string line = await Master.ReadLineAsync("its GC mode", TimeSpan.FromSeconds(30));
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
            throw new InvalidOperationException($"the master answered gcmode with '{line}'");
        return line[Prefix.Length..];
    }

    /// <summary>The master's collections so far and their total pause, without collecting.</summary>
    public Task<GcStats> MasterGcStatsAsync() => GcStats.ReadAsync(Master, "the master");

    /// <summary>CPU time of every agent process.</summary>
    public TimeSpan[] AgentCpu() => [.. _agents.Select(static a => a.CpuTime())];

    private static long Long(string s) => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        foreach (ClientProcess a in _agents)
            await Quit(a);
        await Quit(Master);
        _http.Dispose();
    }

    private static async Task Quit(ClientProcess process)
    {
        try
        {
            process.CloseInput();
            await process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
        {
            // Killed by the timeout or already gone: either way it is not running any more.
        }
        finally
        {
            process.Dispose();
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using FastMesos.Messages;
using FastMesos.Simulator.Cluster;

namespace FastMesos.Simulator;

/// <summary>
/// <c>fastmesos sim cluster-agents</c>: a process of simulated agents for <c>sim cluster</c>,
/// started by it. It registers its agents with the master and then follows commands on stdin, one
/// per line, answering each on stdout (see <see cref="Usage"/>).
/// </summary>
internal static class ClusterAgentsCommand
{
    public const string Usage = """
        usage: ./fastmesos sim cluster-agents --port P --first F --agents N --total T [--profile FILE] [--dial-parallelism D]

          The agent process of `sim cluster` (started by it): it warms up, prints "ready" and waits for
          the line "go" (so every agent process starts its storm together), then agents F..F+N-1 of a
          cluster of T dial 127.0.0.1:P over TCP and register with their workload profile. Prints
          "registered <n> <first dial timestamp> <last answer timestamp> <CPU µs meanwhile>" (Stopwatch
          ticks, one clock for every process of the machine), then reads commands from stdin:
            reset        start recording heartbeat latencies afresh        → "ok"
            stats        counters, CPU, memory and the latency histogram  → "stats <json>"
            flood K      K RUNNING updates per running task, until acked  → "flooded <n> <start> <end> <all acked 0|1>"
            reconnect P  drop every connection, dial 127.0.0.1:P (a new master) and re-register with
                         ids and tasks → "reregistered <n> <first dial> <last answer> <CPU µs meanwhile>"
            quit (or end of input) closes the connections and exits.
        """;

    public static int Run(IReadOnlyList<string> args)
    {
        var cl = new CommandLine(args, new HashSet<string>());
        int port = cl.Int("port", 0, 1, 65_535);
        int first = cl.Int("first", 0, 0, 10_000_000);
        int agents = cl.Int("agents", 0, 1, 20_000);
        int total = cl.Int("total", 0, 1, 10_000_000);
        int parallelism = cl.Int("dial-parallelism", 256, 1, 20_000);
        string? profilePath = cl.Has("profile") ? cl.Text("profile") : null;
        cl.RejectUnknown();
        if (port == 0 || agents == 0 || total == 0)
            throw new UsageException("--port, --agents and --total are required");
        WorkloadProfile profile = ClusterCommand.LoadProfile(profilePath);
        return RunAsync(new IPEndPoint(IPAddress.Loopback, port), profile, first, agents, total, parallelism).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(IPEndPoint master, WorkloadProfile profile, int first, int count, int total, int parallelism)
    {
        await AgentWarmup.RunAsync(profile);
        // The storm starts when every agent process is warm: each warms up on its own schedule (JIT
        // batches, then a wait for the tier-up), and a process that dialed as soon as it was ready put
        // the others' remaining warm-up (up to ~0.9 s at 1,000 agents) into the storm's figure,
        // which runs from the first dial of any process to the last answer.
        Reply("ready");
        string? go;
        while ((go = await Console.In.ReadLineAsync()) is not null && go.Trim() != "go")
        {
        }

        if (go is null)
            return 0;   // the benchmark went away before the storm

        using var fleet = new AgentFleet(profile, first, count, total);
        Reply("registered " + await TimedAsync(fleet, () => fleet.ConnectAllAsync(master, parallelism, TimeSpan.FromSeconds(120))));
        fleet.Latency.Recording = true;
        fleet.ArrivalLatency.Recording = true;

        while (await Console.In.ReadLineAsync() is { } line)
        {
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
                continue;
            switch (words[0])
            {
                case "reset":
                    fleet.Latency.Reset();
                    fleet.Latency.Recording = true;
                    fleet.ArrivalLatency.Reset();
                    fleet.ArrivalLatency.Recording = true;
                    Reply("ok");
                    break;
                case "stats":
                    Reply("stats " + JsonSerializer.Serialize(Stats(fleet)));
                    break;
                case "flood" when words.Length == 2 && int.TryParse(words[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int perTask) && perTask > 0:
                    long start = Stopwatch.GetTimestamp();
                    long queued = fleet.Flood(perTask);
                    bool all = await fleet.WaitAllAckedAsync(TimeSpan.FromSeconds(300));
                    Reply($"flooded {queued} {start} {Stopwatch.GetTimestamp()} {(all ? 1 : 0)}");
                    break;
                case "history" when words.Length >= 3 && int.TryParse(words[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int perAgent) && perAgent >= 0:
                    // history <tasks per agent> <framework id>…: the completed tasks a failover's re-registrations report.
                    FrameworkInfo[] frameworks = [.. words.Skip(2).Select(static id => new FrameworkInfo { User = "bench", Name = id, Id = new FrameworkId(id) })];
                    Reply($"history {fleet.AddHistory(perAgent, frameworks).ToString(CultureInfo.InvariantCulture)}");
                    break;
                case "reconnect" when words.Length == 2 && int.TryParse(words[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int port) && port is > 0 and < 65_536:
                    var to = new IPEndPoint(IPAddress.Loopback, port);
                    Reply("reregistered " + await TimedAsync(fleet, () => fleet.ReconnectAllAsync(to, parallelism, TimeSpan.FromSeconds(120))));
                    break;
                case "quit":
                    return 0;
                default:
                    Reply($"error unknown command '{line}'");
                    break;
            }
        }

        return 0;
    }

    /// <summary>Runs a (re)registration of every agent: "n first-dial last-answer cpu-µs".</summary>
    private static async Task<string> TimedAsync(AgentFleet fleet, Func<Task> connect)
    {
        using var self = Process.GetCurrentProcess();
        TimeSpan cpuStart = self.TotalProcessorTime;
        long dialStart = Stopwatch.GetTimestamp();
        await connect();
        self.Refresh();
        long cpuMicros = (long)(self.TotalProcessorTime - cpuStart).TotalMicroseconds;
        return $"{fleet.Registered} {dialStart} {fleet.LastRegisteredAt} {cpuMicros}";
    }

    private static AgentsReport Stats(AgentFleet fleet)
    {
        using var self = Process.GetCurrentProcess();
        return new AgentsReport
        {
            Agents = fleet.Count,
            Registered = fleet.Registered,
            Tasks = fleet.Tasks,
            Launched = fleet.Launched,
            UpdatesQueued = fleet.Queued,
            UpdatesAcked = fleet.Acked,
            UpdateRetries = fleet.Retries,
            Pings = fleet.Pings,
            DatagramPings = fleet.DatagramPings,
            Disconnects = fleet.Disconnects,
            Unexpected = fleet.Unexpected,
            CpuSeconds = self.TotalProcessorTime.TotalSeconds,
            RssBytes = self.WorkingSet64,
            GcHeapBytes = GC.GetTotalMemory(forceFullCollection: false),
            PingHistogram = fleet.Latency.Export(),
            ArrivalHistogram = fleet.ArrivalLatency.Export(),
            DialStartedAt = fleet.DialStartedAt,
            RegisteredAt = fleet.RegistrationTimes(),
        };
    }

    private static void Reply(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}

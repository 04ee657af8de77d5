using FastMesos.Simulator.Cluster;
using FastMesos.Simulator.Reporting;
using Spectre.Console;

namespace FastMesos.Simulator;

/// <summary><c>fastmesos sim cluster</c>: scenario C over loopback TCP with the real master and agents in separate processes.</summary>
internal static class ClusterCommand
{
    public const string Usage = """
        usage: ./fastmesos sim cluster --scenario register|heartbeats|launch|status|failover|state|marathon [--agents N] [--agent-processes P]
                                       [--transport tcp] [--profile FILE] [--tasks-per-agent K] [--seconds S]
                                       [--updates-per-task K] [--queries Q] [--apps N] [--instances M] [--warmup W] [--master-warmup A]
                                       [--completed-tasks-per-agent C] [--heartbeats udp|tcp] [--report DIR] [--repeat N] [--pin] [--json]

          Scenario C of specs/performance.md §8.2: the real master (its own process, a free loopback
          port, no ZooKeeper, in-memory registry, agents pinged every second) and N simulated agents
          speaking the wire protocol over TCP from P processes (default one per 8,000 agents). Every
          scenario starts with the register storm (first dial → last AgentRegistered); then
            register    nothing more
            heartbeats  a steady window of S seconds (default 10): ping latency p50/p99, master CPU share
            launch      the profile's frameworks (native scheduler clients) fill the offers with their
                        tasks: first offer → every task RUNNING, tasks/s, heartbeat latency meanwhile
            status      the launch, then K RUNNING updates per task (default 10) through master and
                        framework, each acknowledged: updates/s, lost
            failover    the launch, then the master is killed (SIGKILL) and a new one (no registry: it
                        learns the cluster from the agents) started and the agents told its port;
                        new master listening → last agent re-registered with its tasks,
                        re-registrations/s, lost tasks (must be 0); then the frameworks are told:
                        their first offer (ms after listening and after the last re-registration),
                        and whether the allocator's books equal the agents' reports (must)
            state       the launch, then Q timed GET /master/state (default 20) while heartbeats flow:
                        p50/p99/max ms, response bytes; the response must hold every agent and task
            marathon    the Marathon daemon in its own process; N apps × M instances (default 1000 × 100)
                        POSTed to its REST API, 8 in flight, until no deployment is left and every
                        instance runs: seconds, tasks/s, POST p99, launches beyond N × M (over-scale)
          --warmup W      marathon: before the clock, twice, W instances over 40 apps under /warmup POSTed
                        one by one, run, and deleted, so Marathon's JIT is warm (default 0: a fresh process);
                        state: W unmeasured queries before the clock (default 10: a method the render
                        calls once per query reaches the optimized tier only after ~30 calls; §8.1 warms up);
                        launch and status: a framework named warmup launches W tasks, runs and tears them
                        down before the clock (default 0: the master runs the launch path cold)
          --master-warmup A  every master process (the failover's new one too) warms up with A loopback agents
                        before it listens (its --warmup_agents), as a standby master would while it waits
                        for the election; default 2000 for failover and register (their clocks start with
                        a storm on a master that just started; 0 measures it cold), else 0
          --completed-tasks-per-agent C  failover: each agent also reports C finished tasks of its frameworks
                        in its re-registration (Mesos' completed_frameworks), which the new master keeps as their
                        completed tasks (at most 1,000 per framework); 100 is §8.2d's D-10k-100k-1M (default 0)
          --tasks-per-agent K  tasks per agent for launch, status, failover and state, split evenly over
                        the profile's frameworks (default: the profile's tasks_per_agent)
          --profile FILE  a workload profile (bench/profiles/*.json; default: bench/profiles/default.json's values)
          --report DIR    also write DIR/cluster-<scenario>.md (the figures) and an SVG of the heartbeat latency CDF,
                        and append each JSON line to DIR/results.jsonl (the history `sim gate` reads)
          --repeat N      run the scenario N times (fresh master and agents each time), then a summary line:
                        min, median, p99 and max of its figures over the runs (§8.1; default 1)
          --heartbeats udp|tcp  how the master pings: udp (default) offers the agents its datagram channel
                        (batched recvmmsg/sendmmsg); tcp pings over each agent's connection (--datagram_heartbeats=false)
          --pin           master on cpu1, agent processes on cpu0 (taskset)
          Progress goes to stderr; with --json the last stdout line is one JSON object (with --repeat, the
          summary), which also names the commit, runtime, CPU, cores, kernel and descriptor limit. Exit 1
          when an agent did not register or disconnected, a task did not run, or an update was lost.
        """;

    private static readonly HashSet<string> Booleans = ["json", "pin"];

    /// <summary>
    /// The warm-up agents of the two scenarios whose clock is a storm on a master that just started
    /// (§8.1: warm up, then measure). The failover: 2,000 took the phase from a median 1.76 to 1.52 s
    /// and the new master's CPU in it from 1.67 to 1.32 s against 500, in 14 interleaved runs each;
    /// 5,000 gained nothing more (perf-reports/2026-12-06-master-warmup-size/). The register storm:
    /// 1.86 → 1.28 s, master CPU 1.59 → 0.90 s against a cold master, in 6 interleaved runs each
    /// (perf-reports/2026-12-06-register-warm-master/). The warm-up precedes the clock.
    /// </summary>
    private const int DefaultStormMasterWarmup = 2_000;

    public static int Run(IReadOnlyList<string> args)
    {
        var cl = new CommandLine(args, Booleans);
        string? profilePath = cl.Has("profile") ? Path.GetFullPath(cl.Text("profile")) : null;
        WorkloadProfile profile = LoadProfile(profilePath);
        if (cl.Has("tasks-per-agent"))
            profile = WithTasksPerAgent(profile, cl.Int("tasks-per-agent", 10, 0, 10_000));
        string scenario = cl.Choice("scenario", ClusterSpec.Register, ClusterSpec.Scenarios);
        var spec = new ClusterSpec
        {
            Scenario = scenario,
            Agents = cl.Int("agents", 10_000, 1, 200_000),
            AgentProcesses = cl.Int("agent-processes", 0, 0, 64),
            Seconds = cl.Int("seconds", 10, 1, 3_600),
            UpdatesPerTask = cl.Int("updates-per-task", 10, 1, 10_000),
            Pin = cl.Flag("pin"),
            ProfilePath = profilePath,
            Profile = profile,
            StateQueries = cl.Int("queries", 20, 1, 1_000),
            Apps = cl.Int("apps", 1_000, 1, 10_000),
            ReportDir = cl.Has("report") ? Path.GetFullPath(cl.Text("report")) : null,
            Instances = cl.Int("instances", 100, 1, 10_000),
            Warmup = cl.Int("warmup", scenario == ClusterSpec.State ? 10 : 0, 0, 100_000),
            MasterWarmupAgents = cl.Int("master-warmup", scenario is ClusterSpec.Failover or ClusterSpec.Register ? DefaultStormMasterWarmup : 0, 0, 10_000),
            CompletedTasksPerAgent = cl.Int("completed-tasks-per-agent", 0, 0, 10_000),
        };
        spec = spec with { DatagramHeartbeats = cl.Choice("heartbeats", "udp", "udp", "tcp") == "udp" };
        cl.Choice("transport", "tcp", "tcp");
        bool json = cl.Flag("json");
        int repeat = cl.Int("repeat", 1, 1, 1_000);
        cl.RejectUnknown();
        if ((spec.Agents + spec.ProcessCount - 1) / spec.ProcessCount > 18_000)
            throw new UsageException($"{spec.Agents} agents in {spec.ProcessCount} process(es) exceed 18,000 connections per process (fd limit 20,000); raise --agent-processes");

        return RepeatedRuns.Run(repeat, json, spec.ReportDir,
            () => (json ? RunAsync(spec) : RunWithBarsAsync(spec)).GetAwaiter().GetResult(), Print);
    }

    /// <summary>The workload at <paramref name="path"/>, or the built-in one; a bad file is a usage error naming the field.</summary>
    public static WorkloadProfile LoadProfile(string? path)
    {
        if (path is null)
            return WorkloadProfile.Default;
        try
        {
            return WorkloadProfile.Load(path);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary><paramref name="profile"/> with <paramref name="perAgent"/> tasks per agent, split evenly over its frameworks.</summary>
    public static WorkloadProfile WithTasksPerAgent(WorkloadProfile profile, int perAgent)
    {
        int n = profile.Frameworks.Count;
        return profile with { Frameworks = [.. profile.Frameworks.Select(f => f with { TasksPerAgent = (double)perAgent / n })] };
    }

    private static Task<ClusterResult> RunAsync(ClusterSpec spec) =>
        ClusterRunner.RunAsync(spec, static stage => Console.Error.WriteLine($"sim cluster: {stage}"));

    // Without --json: the stages as lines and a progress bar per wait (agents registered, tasks
    // RUNNING, …), counted by polling while the runner waits. --json runs poll nothing.
    private static async Task<ClusterResult> RunWithBarsAsync(ClusterSpec spec)
    {
        ClusterResult? result = null;
        await AnsiConsole.Progress().AutoClear(false).StartAsync(async ctx =>
        {
            var bars = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
            result = await ClusterRunner.RunAsync(
                spec,
                static stage => AnsiConsole.MarkupLineInterpolated($"[grey]sim cluster:[/] {stage}"),
                (name, done, total) =>
                {
                    lock (bars)
                    {
                        if (!bars.TryGetValue(name, out ProgressTask? bar))
                            bars[name] = bar = ctx.AddTask(name, maxValue: Math.Max(total, 1));
                        bar.Value = done;
                    }
                });
        });
        return result!;
    }

    private static void Print(ClusterResult r)
    {
        var table = new Table().AddColumn("figure").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("scenario", $"{r.Scenario}, {r.Agents} agents in {r.AgentProcesses} process(es), {r.Transport}{(r.Pinned ? ", pinned" : "")}");
        table.AddRow("registered / register storm", $"{r.Registered} / {r.RegisterSeconds:F3} s");
        table.AddRow("phase", $"{r.Seconds:F3} s");
        table.AddRow("master CPU / share of a core", $"{r.MasterCpuSeconds:F3} s / {r.MasterCoreFraction:P1}");
        table.AddRow("master garbage collector", r.MasterGc);
        table.AddRow("master RSS / heap after full GC", $"{r.MasterRssMb:F0} MiB / {r.MasterHeapMb:F1} MiB ({r.HeapBytesPerAgent:N0} B per agent)");
        table.AddRow("heartbeats p50 / p99 / max", $"{r.P50Ms:F2} / {r.P99Ms:F2} / {r.MaxMs:F2} ms ({r.Pings:N0} pings, {r.DatagramPings:N0} as datagrams; {r.HeartbeatTransport})");
        if (r.DatagramPings > 0)
            table.AddRow("  to arrival at the socket", $"{r.ArrivalP50Ms:F2} / {r.ArrivalP99Ms:F2} / {r.ArrivalMaxMs:F2} ms");
        if (r.Tasks > 0)
            table.AddRow("tasks running / launched, tasks/s", $"{r.TasksRunning} / {r.Tasks}, {r.TasksPerSec:N0}");
        if (r.Updates > 0)
            table.AddRow("updates sent / received / lost, updates/s", $"{r.Updates} / {r.UpdatesReceived} / {r.Lost}, {r.UpdatesPerSec:N0}");
        if (r.Scenario == ClusterSpec.Failover)
            table.AddRow("re-registered / per s / lost tasks", $"{r.Reregistered} / {r.ReregistrationsPerSec:N0} / {r.LostTasks}");
        if (r.StateQueries > 0)
        {
            table.AddRow("state p50 / p99 / max, bytes", $"{r.StateP50Ms:F1} / {r.StateP99Ms:F1} / {r.StateMaxMs:F1} ms, {r.StateBytes:N0} ({r.StateAgents} agents, {r.StateTasks} tasks)");
            table.AddRow("state as MessagePack p50 / p99 / max, bytes", $"{r.StateMessagePackP50Ms:F1} / {r.StateMessagePackP99Ms:F1} / {r.StateMessagePackMaxMs:F1} ms, {r.StateMessagePackBytes:N0}");
        }

        if (r.Apps > 0)
            table.AddRow("apps × instances, POST p50 / p99, launched, Marathon CPU", $"{r.Apps} × {r.Instances}, {r.PostP50Ms:F1} / {r.PostP99Ms:F1} ms, {r.Launched}{(r.OverScaled ? " (over-scaled)" : "")}, {r.MarathonCpuSeconds:F2} s");
        table.AddRow("simulator CPU / busiest process", $"{r.SimCpuSeconds:F2} s / {r.SimMaxCoreFraction:P0}{(r.SimSaturated ? " [red](saturated: the figures are the simulator's)[/]" : "")}");
        table.AddRow("load average", r.LoadAverage);
        table.AddRow("verdict", r.Ok ? "[green]ok[/]" : "[red]failed[/]");
        AnsiConsole.Write(table);
    }
}

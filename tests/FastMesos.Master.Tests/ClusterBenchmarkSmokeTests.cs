using System.Net;
using FastMesos.Simulator;
using FastMesos.Simulator.Cluster;

namespace FastMesos.Master.Tests;

/// <summary>
/// `sim cluster` at a small scale: the real master and the simulated agents each in their own
/// process over loopback TCP, so CI exercises the benchmark's whole path. Only machine-independent
/// outcomes are asserted (everyone registered, every task RUNNING, nothing lost or disconnected);
/// timings are measured, not tested.
/// </summary>
public sealed class ClusterBenchmarkSmokeTests
{
    [Fact]
    public async Task Every_agent_registers_over_tcp_from_two_processes()
    {
        var spec = new ClusterSpec { Scenario = ClusterSpec.Register, Agents = 200, AgentProcesses = 2, Timeout = TimeSpan.FromSeconds(60) };

        ClusterResult result = await ClusterRunner.RunAsync(spec);

        Assert.Equal(200, result.Registered);
        Assert.Equal(2, result.AgentProcesses);
        Assert.True(result.RegisterSeconds > 0);
        Assert.True(result.MasterCpuSeconds > 0);
        Assert.True(result.HeapBytesPerAgent > 0);
        Assert.Equal(0, result.Disconnects);
        // The master runs with the daemons' collector, not the simulator's non-concurrent one (unless
        // this test's environment chose another budget, which the master then inherits).
        string gen0 = Environment.GetEnvironmentVariable(Hosting.DaemonGc.Gen0SizeVariable) ?? Hosting.DaemonGc.Gen0Size;
        Assert.StartsWith($"workstation concurrent gen0size={gen0} lohthreshold=", result.MasterGc, StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable(Hosting.DaemonGc.LohThresholdVariable) is null)
        {
            // 4 MiB less an object header: the runtime caps the threshold at its region size.
            long threshold = long.Parse(result.MasterGc[(result.MasterGc.LastIndexOf('=') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(threshold, 4L * 1024 * 1024 - 1024, 4L * 1024 * 1024);
        }
        Assert.True(result.Ok);
    }

    [Fact]
    public async Task Every_task_of_the_launch_flood_runs_and_every_status_update_arrives()
    {
        var spec = new ClusterSpec { Scenario = ClusterSpec.Status, Agents = 200, UpdatesPerTask = 3, Timeout = TimeSpan.FromSeconds(60) };

        ClusterResult result = await ClusterRunner.RunAsync(spec);

        // The default profile: 10 tasks per agent, RUNNING at once; then 3 RUNNING updates per task.
        Assert.Equal(200, result.Registered);
        Assert.Equal(2000, result.Tasks);
        Assert.Equal(2000, result.TasksRunning);
        Assert.Equal(6000, result.Updates);
        Assert.Equal(6000, result.UpdatesReceived);
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.UnexpectedMessages);
        Assert.True(result.Ok);
    }

    [Fact]
    public async Task A_mixed_profile_launches_every_framework_in_its_role()
    {
        string profile = Path.Combine(AppContext.BaseDirectory, "profiles", "mixed.json");
        string report = Path.Combine(Path.GetTempPath(), $"cluster-report-{Guid.NewGuid():N}");
        var spec = new ClusterSpec
        {
            Scenario = ClusterSpec.Launch, Agents = 100, Timeout = TimeSpan.FromSeconds(60),
            ProfilePath = profile, Profile = WorkloadProfile.Load(profile), ReportDir = report,
        };

        ClusterResult result = await ClusterRunner.RunAsync(spec);

        // web: 2 per agent, batch: 5 per agent (STARTING after 5 ms, RUNNING 20 ms later).
        Assert.Equal(700, result.Tasks);
        Assert.Equal(700, result.TasksRunning);
        Assert.True(result.Ok);

        // --report plots registrations and RUNNING tasks over time; each curve ends at its total.
        string md = File.ReadAllText(Path.Combine(report, "cluster-launch.md"));
        Assert.Contains("(cluster-launch-registrations.svg)", md, StringComparison.Ordinal);
        Assert.Contains("(cluster-launch-running.svg)", md, StringComparison.Ordinal);
        Assert.Contains(">100<", File.ReadAllText(Path.Combine(report, "cluster-launch-registrations.svg")), StringComparison.Ordinal);
        Assert.Contains(">700<", File.ReadAllText(Path.Combine(report, "cluster-launch-running.svg")), StringComparison.Ordinal);
        Directory.Delete(report, recursive: true);
    }

    [Fact]
    public async Task Progress_bars_end_at_their_totals()
    {
        var spec = new ClusterSpec { Scenario = ClusterSpec.Launch, Agents = 50, Timeout = TimeSpan.FromSeconds(60) };
        var last = new Dictionary<string, (long Done, long Total)>();

        ClusterResult result = await ClusterRunner.RunAsync(spec, bar: (name, done, total) =>
        {
            lock (last)
                last[name] = (done, total);
        });

        Assert.True(result.Ok);
        Assert.Equal((50L, 50L), last["agents registered"]);
        Assert.Equal((500L, 500L), last["tasks RUNNING"]);
    }

    [Fact]
    public void A_cumulative_curve_starts_at_zero_and_ends_at_the_last_event()
    {
        long f = System.Diagnostics.Stopwatch.Frequency;
        // 1,000 events, out of order, at 1..1000 ms after a start of 5 s: 200 points plus the origin.
        var times = new List<long>();
        for (int i = 1000; i >= 1; i--)
            times.Add(5 * f + i * f / 1000);

        List<(double X, double Y)> points = ClusterReport.Cumulative(times, 5 * f);

        Assert.Equal((0.0, 0.0), points[0]);
        Assert.Equal(201, points.Count);
        Assert.Equal(1000, points[^1].Y);
        Assert.Equal(1000, points[^1].X, 3);
        for (int i = 1; i < points.Count; i++)
            Assert.True(points[i].X >= points[i - 1].X && points[i].Y > points[i - 1].Y, $"point {i} goes back");
    }

    [Fact]
    public async Task Agents_reconnect_to_a_new_master_and_reregister_with_their_tasks()
    {
        // The building block of a failover over TCP: the agent processes drop the first master and
        // re-register, ids and tasks included, with a second one that has never seen them.
        var spec = new ClusterSpec { Agents = 100, AgentProcesses = 2, Timeout = TimeSpan.FromSeconds(60) };
        await using ClusterProcesses first = await ClusterProcesses.StartMasterAsync(spec);
        await first.StartAgentsAsync(spec);
        var registrations = await first.RegisterAgentsAsync(spec);
        Assert.Equal(100, registrations.Sum(static r => r.Registered));
        await using var framework = new BenchFramework(spec.Profile.Frameworks[0], 300, new IPEndPoint(IPAddress.Loopback, first.Port));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await framework.StartAsync(deadline.Token);
        await framework.AllRunning.WaitAsync(deadline.Token);

        await using ClusterProcesses second = await ClusterProcesses.StartMasterAsync(spec);
        string[] answers = await first.AskAgentsAsync($"reconnect {second.Port}", TimeSpan.FromSeconds(60));

        Assert.All(answers, static a => Assert.StartsWith("reregistered 50 ", a, StringComparison.Ordinal));
        Assert.Equal(100, await second.WaitForMetricAsync("master/slaves_active", 100, TimeSpan.FromSeconds(30)));
        Assert.Equal(300, await second.WaitForMetricAsync("master/tasks_running", 300, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task After_the_master_is_killed_every_agent_reregisters_with_a_new_one_and_no_task_is_lost()
    {
        var spec = new ClusterSpec
        {
            Scenario = ClusterSpec.Failover, Agents = 200, AgentProcesses = 2, Timeout = TimeSpan.FromSeconds(60),
            Profile = ClusterCommand.WithTasksPerAgent(WorkloadProfile.Default, 5), CompletedTasksPerAgent = 10,
        };

        ClusterResult result = await ClusterRunner.RunAsync(spec);

        Assert.Equal(200, result.Registered);
        Assert.Equal(200, result.Reregistered);
        Assert.Equal(1000, result.Tasks);
        Assert.Equal(1000, result.TasksRunning);
        Assert.Equal(0, result.LostTasks);
        Assert.True(result.Seconds > 0);
        Assert.True(result.ReregistrationsPerSec > 0);
        Assert.InRange(result.FailoverDisconnects, 0, 200);
        Assert.Equal(0, result.Disconnects);
        // The framework, told the new master after the agents, subscribed again and was offered
        // resources; the new master's allocator holds exactly what the agents reported.
        Assert.True(result.FirstOfferMs > result.Seconds * 1000);
        Assert.True(result.FirstOfferAfterReregistrationMs > 0);
        Assert.True(result.AllocatorConsistent);
        // Read from the new master's process: the 1,000 tasks it took back are allocated within the phase.
        Assert.True(result.MasterPhaseAllocatedMb > 0);
        // Every agent reported its 10 completed tasks of the one framework; the new master keeps the newest 1,000.
        Assert.Equal(2000, result.CompletedTasks);
        Assert.Equal(1000, result.CompletedTasksKept);
        Assert.True(result.Ok);
    }

    [Fact]
    public async Task The_state_endpoint_answers_with_every_agent_and_task_under_heartbeats()
    {
        string report = Path.Combine(Path.GetTempPath(), $"cluster-report-{Guid.NewGuid():N}");
        var spec = new ClusterSpec { Scenario = ClusterSpec.State, Agents = 200, StateQueries = 5, Timeout = TimeSpan.FromSeconds(60), ReportDir = report };

        ClusterResult result = await ClusterRunner.RunAsync(spec);

        // --report: the figures as markdown and the heartbeat latency CDF as SVG.
        Assert.Contains("| `state_agents` | 200 |", File.ReadAllText(Path.Combine(report, "cluster-state.md")), StringComparison.Ordinal);
        Assert.Contains("<polyline", File.ReadAllText(Path.Combine(report, "cluster-state-heartbeats.svg")), StringComparison.Ordinal);
        Directory.Delete(report, recursive: true);

        Assert.Equal(5, result.StateQueries);
        Assert.Equal(200, result.StateAgents);
        Assert.Equal(2000, result.StateTasks);
        Assert.True(result.StateBytes > 0);
        Assert.InRange(result.StateP50Ms, double.Epsilon, result.StateMaxMs);
        Assert.True(result.Ok);
    }

    [Fact]
    public async Task Marathon_in_its_own_process_deploys_every_instance_onto_the_tcp_agents_once()
    {
        // With a warm-up: its launches (and kills) come before the clock and are not counted.
        var spec = new ClusterSpec { Scenario = ClusterSpec.Marathon, Agents = 100, Apps = 10, Instances = 10, Warmup = 20, Timeout = TimeSpan.FromSeconds(60) };

        ClusterResult result = await ClusterRunner.RunAsync(spec);

        Assert.Equal(100, result.Tasks);
        Assert.Equal(100, result.TasksRunning);
        Assert.Equal(100, result.Launched);
        Assert.False(result.OverScaled);
        Assert.InRange(result.PostP50Ms, double.Epsilon, result.PostP99Ms);
        Assert.True(result.MarathonCpuSeconds > 0);
        // Read from Marathon's process (a run this small may collect nothing in the phase).
        Assert.InRange(result.MarathonPhaseGc2, 0, result.MarathonPhaseGc1);
        Assert.InRange(result.MarathonPhaseGc1, 0, result.MarathonPhaseGc0);
        Assert.True(result.MarathonPhaseGcPauseMs >= 0);
        Assert.True(result.MarathonPhaseAllocatedMb > 0);
        Assert.True(result.Ok);
    }

    [Fact]
    public void A_bad_profile_names_the_file_and_the_field()
    {
        string path = Path.Combine(Path.GetTempPath(), $"profile-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "agents": [ { "resources": "cpus:4;mem:1024", "share": 0 } ] }""");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => WorkloadProfile.Load(path));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            Assert.Contains("agents[0].share", e.Message, StringComparison.Ordinal);

            File.WriteAllText(path, """{ "agentz": [] }""");
            e = Assert.Throws<InvalidDataException>(() => WorkloadProfile.Load(path));
            Assert.Contains("agentz", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

using System.Net;
using System.Net.Sockets;
using FastMesos.Agent.Runtime;
using FastMesos.Messages;
using ContainerTestEnvironment = FastMesos.Agent.Tests.Containers.ContainerTestEnvironment;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Agent.Tests.Runtime;

/// <summary>
/// Mesos-level health checks run by the agent against real task processes in real cgroups (the
/// process containerizer), reported through a real master: COMMAND checks in the task's
/// environment and cgroups, TCP and HTTP checks against a Python web server started as the task.
/// </summary>
public sealed class AgentHealthCheckTests : IAsyncLifetime
{
    private AgentCluster _cluster = null!;
    private ContainerTestEnvironment _env = null!;
    private AgentRuntime? _agent;

    public async Task InitializeAsync()
    {
        _cluster = await AgentCluster.StartAsync();
        _env = new ContainerTestEnvironment();
    }

    public async Task DisposeAsync()
    {
        if (_agent is not null)
            await _agent.KillAllAsync(TimeSpan.FromSeconds(1));
        await _cluster.DisposeAsync();
        await _env.DisposeAsync();
    }

    private async Task<TestScheduler> StartAsync()
    {
        _agent = await _cluster.StartAgentAsync(_cluster.Options() with { Containerizer = _env.Containerizer() });
        return await TestScheduler.SubscribeAsync(_cluster.Master.LocalEndPoint);
    }

    private static HealthCheck Check(HealthCheckType type, string? command = null, uint port = 0, string? path = null, uint failures = 3, double grace = 0) => new()
    {
        Type = type,
        Command = command is null ? null : new CommandInfo { Value = command },
        Port = port,
        Path = path,
        DelaySeconds = 0,
        IntervalSeconds = 0.2,
        TimeoutSeconds = 5,
        ConsecutiveFailures = failures,
        GracePeriodSeconds = grace,
    };

    private static List<MesosTaskStatus> HealthUpdates(TestScheduler scheduler, string taskId) =>
        scheduler.Updates(taskId).FindAll(u => u.State == TaskState.Running && u.Reason == TaskStatusReason.TaskHealthCheckStatusUpdated);

    [Fact]
    public async Task A_passing_command_check_reports_healthy_once_from_inside_the_task_environment_and_cgroup()
    {
        await using TestScheduler scheduler = await StartAsync();
        // Passes only when run in the sandbox, with the task's variables and inside the task's cgroup.
        string command = $"test \"$PWD\" = \"$MESOS_SANDBOX\" && test \"$MY\" = x && grep -q {_env.CgroupsRoot} /proc/self/cgroup";
        await scheduler.LaunchAsync("t1", environment: [new EnvironmentVariable("MY", "x")], healthCheck: Check(HealthCheckType.Command, command));

        await Eventually.Until(() => HealthUpdates(scheduler, "t1").Count >= 1, "a health update");
        MesosTaskStatus update = HealthUpdates(scheduler, "t1")[0];
        Assert.True(update.Healthy, update.Message);
        Assert.Equal(TaskStatusSource.Executor, update.Source);
        // A steadily healthy task costs no more updates: only changes are reported.
        await Eventually.Until(() => _agent!.Read(s => s.LiveTasks.Single().Healthy == true), "the agent's record of the health");
        Assert.Single(HealthUpdates(scheduler, "t1"));

        scheduler.Kill("t1");
        await Eventually.Until(() => scheduler.States("t1").Contains(TaskState.Killed), "TASK_KILLED");
        MesosTaskStatus killed = scheduler.Updates("t1")[^1];
        Assert.True(killed.Healthy);
        Assert.DoesNotContain("health", killed.Message ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_failing_command_check_kills_the_task_at_the_consecutive_failure_limit()
    {
        await using TestScheduler scheduler = await StartAsync();
        await scheduler.LaunchAsync("t1", healthCheck: Check(HealthCheckType.Command, "echo broken >&2; exit 3", failures: 2));

        await Eventually.Until(() => scheduler.States("t1").Contains(TaskState.Killed), "the unhealthy task to be killed");
        List<MesosTaskStatus> updates = scheduler.Updates("t1");
        Assert.Equal([TaskState.Starting, TaskState.Running, TaskState.Running, TaskState.Running, TaskState.Killed], updates.ConvertAll(u => u.State));
        // The first failure reports unhealthy, the second (the limit) reports again and kills.
        Assert.All(updates.GetRange(2, 3), u => Assert.False(u.Healthy));
        Assert.Contains("exited with status 3: broken", updates[2].Message, StringComparison.Ordinal);
        Assert.Contains("2 consecutive failed health checks", updates[4].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zero_consecutive_failures_kill_on_the_first_failure_and_the_grace_period_hides_early_ones()
    {
        await using TestScheduler scheduler = await StartAsync();
        await scheduler.LaunchAsync("t0", healthCheck: Check(HealthCheckType.Command, "false", failures: 0));
        await Eventually.Until(() => scheduler.States("t0").Contains(TaskState.Killed), "the kill on the first failure");
        Assert.Single(HealthUpdates(scheduler, "t0"));

        // Fails until the marker file exists, inside a long grace period: no update until the first success.
        await scheduler.LaunchAsync("t1", "cpus:0.5;mem:64", "sleep 1000", healthCheck: Check(HealthCheckType.Command, "test -e ready", grace: 600));
        await Eventually.Until(() => _agent!.Read(s => s.LiveTasks.Any(t => t.TaskId.Value == "t1" && t.State == TaskState.Running)), "t1 running");
        string sandbox = _agent!.Read(s => s.LiveTasks.Single(t => t.TaskId.Value == "t1").Sandbox);
        Assert.Empty(HealthUpdates(scheduler, "t1"));
        await File.WriteAllTextAsync(Path.Combine(sandbox, "ready"), "");
        await Eventually.Until(() => HealthUpdates(scheduler, "t1").Count >= 1, "the first healthy update");
        Assert.True(HealthUpdates(scheduler, "t1")[0].Healthy);
    }

    [Fact]
    public async Task Tcp_and_http_checks_probe_a_real_web_server_started_as_the_task()
    {
        await using TestScheduler scheduler = await StartAsync();
        int port = FreePort();
        string server = $"exec python3 -m http.server {port} --bind 127.0.0.1";
        // The server needs a moment to listen: the grace period covers it.
        await scheduler.LaunchAsync("web", "cpus:0.5;mem:128", server, healthCheck: Check(HealthCheckType.Http, port: (uint)port, path: "/", grace: 60));
        await Eventually.Until(() => HealthUpdates(scheduler, "web").Count >= 1, "the HTTP check's verdict");
        Assert.True(HealthUpdates(scheduler, "web")[0].Healthy);

        // Against the same server: TCP connects pass; a 404 is a failure (no kill below the limit).
        await scheduler.LaunchAsync("tcp", healthCheck: Check(HealthCheckType.Tcp, port: (uint)port));
        await scheduler.LaunchAsync("missing", healthCheck: Check(HealthCheckType.Http, port: (uint)port, path: "/missing", failures: 1000));
        await Eventually.Until(() => HealthUpdates(scheduler, "tcp").Count >= 1 && HealthUpdates(scheduler, "missing").Count >= 1, "the TCP and 404 verdicts");
        Assert.True(HealthUpdates(scheduler, "tcp")[0].Healthy);
        MesosTaskStatus missing = HealthUpdates(scheduler, "missing")[0];
        Assert.False(missing.Healthy);
        Assert.Contains("404", missing.Message, StringComparison.Ordinal);

        // Nothing listens on a closed port: the TCP check fails.
        await scheduler.LaunchAsync("closed", healthCheck: Check(HealthCheckType.Tcp, port: (uint)FreePort(), failures: 1000));
        await Eventually.Until(() => HealthUpdates(scheduler, "closed").Count >= 1, "the closed port's verdict");
        Assert.False(HealthUpdates(scheduler, "closed")[0].Healthy);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

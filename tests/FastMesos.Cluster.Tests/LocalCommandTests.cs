using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using FastMesos.Cluster.Tests.Support;

namespace FastMesos.Cluster.Tests;

/// <summary><c>fastmesos local</c> and <c>fastmesos execute</c> as the README runs them: real processes.</summary>
public sealed partial class LocalCommandTests
{
    [Fact]
    public async Task Local_is_ready_within_3_s_runs_execute_and_marathon_tasks_and_a_SIGTERM_stops_it_with_its_tasks()
    {
        // The harness gives the temp directory, the cgroups prefix and kills every process at the end.
        await using ClusterHarness harness = await ClusterHarness.StartAsync();
        int port = FreePort();
        int marathonPort = FreePort();
        string master = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        ChildProcess local = harness.StartProcess(
            "local", "--agents=2", "--port=" + port.ToString(CultureInfo.InvariantCulture), "--work_dir=" + harness.NewDirectory("local"),
            "--agent_resources=cpus:2;mem:512;disk:100", "--allocation_interval=50ms", $"--cgroups_root={harness.CgroupsPrefix}-local",
            "--marathon_port=" + marathonPort.ToString(CultureInfo.InvariantCulture));

        string ready = await local.WaitForLineAsync(l => l.Contains(" ready in ", StringComparison.Ordinal), "the ready line", TimeSpan.FromSeconds(30));
        Match ms = ReadyIn().Match(ready);
        Assert.True(ms.Success, ready);
        Assert.InRange(int.Parse(ms.Groups[1].Value, CultureInfo.InvariantCulture), 0, 3000);
        // Marathon comes with the local cluster and is subscribed to its master.
        await local.WaitForLineAsync(l => l.Contains($"marathon    http://127.0.0.1:{marathonPort}/", StringComparison.Ordinal), "Marathon's line", TimeSpan.FromSeconds(30));
        await Eventually.Until(async () =>
        {
            using JsonDocument frameworks = await ClusterHarness.GetJsonAsync(new Uri($"http://{master}/master/frameworks"));
            foreach (JsonElement framework in frameworks.RootElement.GetProperty("frameworks").EnumerateArray())
            {
                if (framework.GetProperty("name").GetString() == "marathon")
                    return true;
            }
            return false;
        }, "Marathon to subscribe to the local master");

        using (JsonDocument state = await ClusterHarness.GetJsonAsync(new Uri($"http://{master}/master/state")))
        {
            var racks = new List<string>();
            foreach (JsonElement slave in state.RootElement.GetProperty("slaves").EnumerateArray())
                racks.Add(slave.GetProperty("attributes").GetProperty("rack_id").GetString()!);
            racks.Sort(StringComparer.Ordinal);
            Assert.Equal(["rack-1", "rack-2"], racks);
        }

        ChildProcess hello = harness.StartProcess("execute", "--master=" + master, "--name=hi", "--command=echo hi");
        await hello.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(hello.ExitCode == 0, $"execute exited {hello.ExitCode}: {hello.Stdout} {hello.Stderr}");
        Assert.Contains("TASK_FINISHED", hello.Stdout, StringComparison.Ordinal);

        ChildProcess sleeper = harness.StartProcess("execute", "--master=" + master, "--name=sleeper", "--command=sleep 300");
        await sleeper.WaitForLineAsync(l => l.Contains("TASK_RUNNING", StringComparison.Ordinal), "the sleeper's TASK_RUNNING", TimeSpan.FromSeconds(60));
        int sleep = await TestCgroups.SleepPidAsync(harness.CgroupsPrefix);

        // A Marathon app too: its killed tasks must not be replaced while the cluster stops. They
        // ignore SIGTERM, so each kill takes the agent's grace period: long enough for a Marathon
        // still running to relaunch them (backoff 0) on an agent already cleared, where they outlived
        // the cluster (this failed 3 of 3 runs before Marathon was stopped first).
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{marathonPort}/") })
        {
            using var app = new StringContent("""{"id":"/keeper","cmd":"trap '' TERM; while true; do sleep 1; done","cpus":0.1,"mem":16,"instances":2,"backoffSeconds":0}""", System.Text.Encoding.UTF8, "application/json");
            using HttpResponseMessage posted = await http.PostAsync("v2/apps", app);
            Assert.True(posted.IsSuccessStatusCode, $"POST /v2/apps: {(int)posted.StatusCode}");
            await Eventually.Until(async () =>
            {
                using JsonDocument keeper = await ClusterHarness.GetJsonAsync(new Uri($"http://127.0.0.1:{marathonPort}/v2/apps/keeper"));
                return keeper.RootElement.GetProperty("app").GetProperty("tasksRunning").GetInt32() == 2;
            }, "the Marathon app's 2 tasks to run");
        }

        var containerCgroups = new List<string>();
        foreach (string root in TestCgroups.Roots(harness.CgroupsPrefix))
            containerCgroups.AddRange(Directory.GetDirectories(root, "*", SearchOption.AllDirectories));
        Assert.NotEmpty(containerCgroups);

        local.Terminate();
        await local.WaitForExitAsync(TimeSpan.FromSeconds(30));   // each agent may wait out a 5 s kill grace period

        Assert.True(local.ExitCode == 0, $"local exited {local.ExitCode}: {local.Stderr}");
        Assert.False(TestCgroups.IsAlive(sleep), "the sleep task outlived fastmesos local");
        Assert.Empty(TestCgroups.Pids(harness.CgroupsPrefix));
        Assert.All(containerCgroups, dir => Assert.False(Directory.Exists(dir), $"cgroup {dir} left behind"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"ready in (\d+) ms")]
    private static partial Regex ReadyIn();
}

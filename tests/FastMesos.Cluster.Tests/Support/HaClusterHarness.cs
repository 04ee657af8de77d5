using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FastMesos.Coordination.Recipes;
using FastMesos.Coordination.Tests;
using FastMesos.Messages;
using FastMesos.Scheduler;

namespace FastMesos.Cluster.Tests.Support;

/// <summary>
/// A highly available cluster of real processes: a real ZooKeeper (one server or a three-server
/// ensemble), <c>fastmesos master --zk</c> child processes electing a leader, <c>fastmesos agent
/// --master=zk://</c> child processes and frameworks whose drivers follow the leader through a
/// <see cref="ZooKeeperMasterLocator"/>. Disposing stops the drivers, kills every child process and
/// task (the cgroups sweep) and the ZooKeeper JVMs, also after a failed test.
/// </summary>
internal sealed class HaClusterHarness : IAsyncDisposable
{
    /// <summary>
    /// The masters' ZooKeeper session timeout: a SIGKILLed leader's member node disappears this long
    /// after its death, so it bounds the election. Short, yet 4 × ZooKeeper's 500 ms tick.
    /// </summary>
    public static readonly TimeSpan ZkSessionTimeout = TimeSpan.FromSeconds(2);

    private readonly ZooKeeperServer? _server;
    private readonly List<MasterProcess> _masters = [];
    private readonly List<ChildProcess> _processes = [];
    private readonly List<SchedulerDriver> _drivers = [];
    private readonly List<ZooKeeperMasterLocator> _locators = [];
    private int _agentCount;

    private HaClusterHarness(ZooKeeperServer? server, ZooKeeperEnsemble? ensemble, string tag)
    {
        _server = server;
        Ensemble = ensemble;
        string connection = server?.ConnectionString ?? ensemble!.ConnectionString;
        Url = connection + "/mesos-" + tag;
        Root = Path.Combine(Path.GetTempPath(), "fm-ha-" + tag);
        Directory.CreateDirectory(Root);
        CgroupsPrefix = "fm-ha-" + tag;
    }

    /// <summary>The three-server ensemble (null with a single server).</summary>
    public ZooKeeperEnsemble? Ensemble { get; }

    /// <summary>The masters' --zk and the agents' --master url: zk://host:port,.../path.</summary>
    public string Url { get; }

    /// <summary>The test's temporary directory; every agent's work_dir is beneath it.</summary>
    public string Root { get; }

    /// <summary>Every agent of the test names its cgroups root with this prefix.</summary>
    public string CgroupsPrefix { get; }

    /// <summary>Every master started, the killed ones included.</summary>
    public IReadOnlyList<MasterProcess> Masters => _masters;

    /// <summary>One ZooKeeper server, or a three-server ensemble when <paramref name="ensemble"/>.</summary>
    public static async Task<HaClusterHarness> StartAsync(bool ensemble)
    {
        string tag = Guid.NewGuid().ToString("N")[..10];
        return ensemble
            ? new HaClusterHarness(null, await ZooKeeperEnsemble.StartNewAsync(), tag)
            : new HaClusterHarness(await ZooKeeperServer.StartNewAsync(), null, tag);
    }

    /// <summary>Starts <paramref name="count"/> masters standing for election and waits for one leader.</summary>
    public async Task<MasterProcess> StartMastersAsync(int count, int quorum, TimeSpan? agentReregisterTimeout = null)
    {
        var started = new List<ChildProcess>(count);
        for (int i = 0; i < count; i++)
        {
            started.Add(StartProcess(
                "master", "--ip=127.0.0.1", "--port=0", "--hostname=127.0.0.1", "--zk=" + Url,
                "--quorum=" + quorum, $"--zk_session_timeout={ZkSessionTimeout.TotalMilliseconds}ms",
                $"--agent_reregister_timeout={(agentReregisterTimeout ?? TimeSpan.FromMinutes(1)).TotalMilliseconds}ms", "--allocation_interval=50ms",
                "--agent_ping_timeout=1secs", "--max_agent_ping_timeouts=3"));
        }

        foreach (ChildProcess child in started)
        {
            string line = await child.WaitForLineAsync(l => l.StartsWith("Master listening on ", StringComparison.Ordinal), "the master's listening line");
            _masters.Add(new MasterProcess(child, new Uri(line["Master listening on ".Length..].Trim())));
            // `fastmesos master` runs its socket continuations on the runtime's event threads, so
            // every HA test (elections, HTTP on the wire port, agents and frameworks) runs that way.
            await Eventually.Until(() => child.Stderr.Contains("Socket continuations run on the event threads", StringComparison.Ordinal),
                "the master's inline socket completions log line");
        }

        return await LeaderAsync(previous: null, TimeSpan.FromSeconds(20));
    }

    /// <summary>
    /// Waits until exactly one live master reports <c>master/elected</c> (and it is not
    /// <paramref name="previous"/>) and every live master's /master/redirect names it.
    /// </summary>
    public async Task<MasterProcess> LeaderAsync(MasterProcess? previous, TimeSpan timeout)
    {
        MasterProcess? leader = null;
        await Eventually.Until(async () =>
        {
            leader = null;
            int elected = 0;
            foreach (MasterProcess master in _masters)
            {
                if (master.Process.HasExited || master == previous)
                    continue;
                if (await IsElectedAsync(master))
                {
                    leader = master;
                    elected++;
                }
            }

            if (elected != 1)
                return false;
            foreach (MasterProcess master in _masters)
            {
                if (!master.Process.HasExited && master != previous && await RedirectAsync(master) != $"//127.0.0.1:{leader!.Url.Port}")
                    return false;
            }

            return true;
        }, $"one elected master other than {previous?.ToString() ?? "none"}; {MasterLogs()}", timeout);
        return leader!;
    }

    /// <summary>
    /// The ensemble member serving the most client sessions (ZooKeeper's <c>srvr</c> command): stopping
    /// it makes the most masters, agents and locators move their sessions to the other members.
    /// </summary>
    public async Task<ZooKeeperServer> BusiestZooKeeperMemberAsync()
    {
        ZooKeeperServer busiest = Ensemble!.Members[0];
        int most = -1;
        foreach (ZooKeeperServer member in Ensemble.Members)
        {
            int connections = await ConnectionsAsync(member.Port);
            if (connections > most)
            {
                most = connections;
                busiest = member;
            }
        }

        return busiest;
    }

    /// <summary>The "Connections: N" line of <c>srvr</c> (the one four-letter word ZooKeeper 3.8 allows by default).</summary>
    private static async Task<int> ConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync("srvr"u8.ToArray());
        using var reader = new StreamReader(stream, Encoding.ASCII);
        string text = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(5));
        foreach (string line in text.Split('\n'))
        {
            if (line.StartsWith("Connections: ", StringComparison.Ordinal))
                return int.Parse(line.AsSpan("Connections: ".Length), CultureInfo.InvariantCulture);
        }

        Assert.Fail($"no Connections line in srvr of 127.0.0.1:{port}: {text}");
        return 0;
    }

    /// <summary>The stderr of every master, for failure messages.</summary>
    public string MasterLogs()
    {
        var text = new List<string>();
        foreach (MasterProcess master in _masters)
            text.Add($"--- master {master} exited={master.Process.HasExited}:\n{master.Process.Stderr}");
        return string.Join('\n', text);
    }

    /// <summary>
    /// A <c>fastmesos agent --master=zk://...</c> child process on port 0 with its own work dir and
    /// cgroups root; with <paramref name="restart"/> (an earlier agent's number, from 1) it runs on
    /// that agent's work dir and cgroups root, as the restart of a killed agent.
    /// </summary>
    public Task<(ChildProcess Process, Uri Url)> StartAgentProcessAsync(string resources, int? restart = null)
    {
        int n = restart ?? Interlocked.Increment(ref _agentCount);
        string workDir = Path.Combine(Root, "agent-" + n);
        Directory.CreateDirectory(workDir);
        return ClusterHarness.StartAgentProcessAsync(StartProcess, Url, workDir, resources, $"{CgroupsPrefix}-a{n}");
    }

    /// <summary>A framework on a driver that finds the leader through its own ZooKeeper locator; waits for SUBSCRIBED.</summary>
    public async Task<SchedulerDriver> SubscribeAsync(FrameworkInfo framework, RecordingScheduler scheduler)
    {
        ZooKeeperMasterLocator locator = ZooKeeperMasterLocator.Start(Url);
        _locators.Add(locator);
        var driver = new SchedulerDriver(new SchedulerDriverOptions
        {
            MasterLocator = locator,
            Framework = framework,
            Reconnect = new() { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200) },
        }, scheduler);
        _drivers.Add(driver);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await driver.StartAsync(cts.Token);
        return driver;
    }

    public static Task<JsonDocument> StateAsync(MasterProcess master) => ClusterHarness.GetJsonAsync(new Uri(master.Url, "master/state"));

    private ChildProcess StartProcess(params string[] args)
    {
        ChildProcess child = ChildProcess.StartFastMesos(args);
        _processes.Add(child);
        return child;
    }

    private static async Task<bool> IsElectedAsync(MasterProcess master)
    {
        try
        {
            using JsonDocument metrics = await ClusterHarness.GetJsonAsync(new Uri(master.Url, "metrics/snapshot"));
            return metrics.RootElement.GetProperty("master/elected").GetDouble() == 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // A master dying (its candidacy lost) stops answering: it is not the leader.
            return false;
        }
    }

    /// <summary>The Location of /master/redirect ("" when the master knows no leader or does not answer).</summary>
    private static async Task<string> RedirectAsync(MasterProcess master)
    {
        try
        {
            using var handler = new HttpClientHandler { AllowAutoRedirect = false };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
            using HttpResponseMessage response = await http.GetAsync(new Uri(master.Url, "master/redirect"));
            return response.Headers.Location?.OriginalString ?? "";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (SchedulerDriver driver in _drivers)
            await driver.DisposeAsync();
        foreach (ZooKeeperMasterLocator locator in _locators)
            await locator.DisposeAsync();
        foreach (ChildProcess child in _processes)
            child.Dispose();
        await TestCgroups.KillAndRemoveAsync(CgroupsPrefix);
        if (_server is not null)
            await _server.DisposeAsync();
        if (Ensemble is not null)
            await Ensemble.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

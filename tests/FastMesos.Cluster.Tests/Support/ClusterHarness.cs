using System.Net;
using System.Text.Json;
using FastMesos.Agent.Cli;
using FastMesos.Agent.Containers;
using FastMesos.Agent.Runtime;
using FastMesos.Engine;
using FastMesos.Engine.Master;
using FastMesos.Master;
using FastMesos.Messages;
using FastMesos.Scheduler;
using FrameworkCapabilities = FastMesos.Messages.FrameworkCapabilities;

namespace FastMesos.Cluster.Tests.Support;

/// <summary>
/// One test's cluster: a real master on 127.0.0.1:0 with short timings, in-process agents and agent
/// child processes, frameworks on real drivers, a temporary work directory and a cgroups prefix of
/// its own. Disposing stops the frameworks, kills every task and child process and removes the
/// cgroups and files, also after a failed test.
/// </summary>
internal sealed class ClusterHarness : IAsyncDisposable
{
    /// <summary>
    /// The master's ping timeout: an agent that stops answering is unreachable after 3 × this, and an
    /// agent that hears no ping for 3 × this reconnects. Short, yet far above the scheduling stalls of a
    /// loaded 2-core machine (200 ms × 3 made agents drop their link while a task thrashed).
    /// </summary>
    public static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(1);

    private static readonly HttpClient Http = NewHttpClient();
    private readonly List<AgentHost> _agents = [];
    private readonly List<ChildProcess> _processes = [];
    private readonly List<SchedulerDriver> _drivers = [];
    private readonly List<string> _log;
    private int _agentCount;

    private ClusterHarness(MasterHost master, string root, string cgroupsPrefix, List<string> log)
    {
        _log = log;
        Master = master;
        Root = root;
        CgroupsPrefix = cgroupsPrefix;
    }

    public MasterHost Master { get; }

    /// <summary>Log lines of the master and the in-process agents, for failure messages.</summary>
    public string LogText()
    {
        lock (_log)
            return string.Join('\n', _log);
    }

    private static void AddLog(List<string> log, string line)
    {
        lock (log)
            log.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
    }

    /// <summary>The test's temporary directory; every agent's work_dir is beneath it.</summary>
    public string Root { get; }

    /// <summary>Every agent of the test names its cgroups root with this prefix.</summary>
    public string CgroupsPrefix { get; }

    public string MasterAddress => $"127.0.0.1:{Master.EndPoint.Port}";

    public static async Task<ClusterHarness> StartAsync(TimeSpan? allocationInterval = null)
    {
        string tag = Guid.NewGuid().ToString("N")[..10];
        string root = Path.Combine(Path.GetTempPath(), "fm-cluster-" + tag);
        Directory.CreateDirectory(root);
        var log = new List<string>();
        MasterHost master = await MasterHost.StartAsync(new MasterServerOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Core = new MasterOptions
            {
                MasterId = "m-" + tag,
                Hostname = "127.0.0.1",
                AgentPingTimeout = PingTimeout,
                MaxAgentPingTimeouts = 3,
                HeartbeatInterval = TimeSpan.FromSeconds(1),
                Allocator = new AllocatorOptions { AllocationInterval = allocationInterval ?? TimeSpan.FromMilliseconds(50) },
            },
            TickInterval = TimeSpan.FromMilliseconds(10),
            Log = line => AddLog(log, "master: " + line),
        });
        return new ClusterHarness(master, root, "fm-cluster-" + tag, log);
    }

    /// <summary>A fresh directory beneath <see cref="Root"/>.</summary>
    public string NewDirectory(string name)
    {
        string dir = Path.Combine(Root, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>An in-process agent with real process containers in real cgroups; waits for its registration.</summary>
    public async Task<AgentHost> StartAgentAsync(string resources, string? attributes = null)
    {
        int n = Interlocked.Increment(ref _agentCount);
        string workDir = NewDirectory("agent-" + n);
        AgentHost agent = await AgentHost.StartAsync(new AgentHostOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Containerizer = new ProcessContainerizerOptions
            {
                RuntimeDirectory = Path.Combine(workDir, "runtime"),
                CgroupsRoot = $"{CgroupsPrefix}-a{n}",
                RecoveredPollInterval = TimeSpan.FromMilliseconds(20),
            },
            Agent = new AgentOptions
            {
                Master = Master.EndPoint,
                WorkDir = workDir,
                Containerizer = null!,
                Hostname = "127.0.0.1",
                Resources = Resources.Parse(resources),
                Attributes = attributes is null ? AgentAttributes.Empty : AgentAttributes.Parse(attributes),
                ExecutorShutdownGracePeriod = TimeSpan.FromSeconds(2),
                RegistrationBackoffFactor = TimeSpan.FromMilliseconds(50),
                ReconnectBaseDelay = TimeSpan.FromMilliseconds(20),
                ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
                TickInterval = TimeSpan.FromMilliseconds(20),
                SyncCheckpoints = false,
                Log = line => AddLog(_log, $"agent{n}: {line}"),
            },
        });
        _agents.Add(agent);
        await Eventually.Until(() => agent.Runtime.Registered, $"agent {n} to register");
        return agent;
    }

    /// <summary>
    /// <c>fastmesos agent</c> as a child process on port 0 with its own cgroups root; waits for the
    /// "listening" line and returns the process and its HTTP base address.
    /// </summary>
    public Task<(ChildProcess Process, Uri Url)> StartAgentProcessAsync(string workDir, string resources, string cgroupsSuffix) =>
        StartAgentProcessAsync(StartProcess, MasterAddress, workDir, resources, $"{CgroupsPrefix}-{cgroupsSuffix}");

    /// <summary>
    /// <c>fastmesos agent --master=<paramref name="master"/></c> (HOST:PORT or zk://) started by
    /// <paramref name="start"/> (which owns the process), with short registration timings.
    /// </summary>
    public static async Task<(ChildProcess Process, Uri Url)> StartAgentProcessAsync(
        Func<string[], ChildProcess> start, string master, string workDir, string resources, string cgroupsRoot)
    {
        ChildProcess child = start([
            "agent", "--master=" + master, "--ip=127.0.0.1", "--port=0", "--hostname=127.0.0.1",
            "--work_dir=" + workDir, "--resources=" + resources, "--cgroups_root=" + cgroupsRoot,
            "--registration_backoff_factor=50ms", "--executor_shutdown_grace_period=2secs"]);
        string line = await child.WaitForLineAsync(l => l.StartsWith("Agent listening on ", StringComparison.Ordinal), "the agent's listening line");
        string url = line["Agent listening on ".Length..].Split(' ')[0];
        return (child, new Uri(url));
    }

    /// <summary>A fastmesos child process the harness kills at the end.</summary>
    public ChildProcess StartProcess(params string[] args)
    {
        ChildProcess child = ChildProcess.StartFastMesos(args);
        lock (_processes)
            _processes.Add(child);
        return child;
    }

    /// <summary>A framework subscribed on a real driver (waits for SUBSCRIBED).</summary>
    public async Task<(SchedulerDriver Driver, RecordingScheduler Scheduler)> SubscribeAsync(FrameworkInfo framework, RecordingScheduler? scheduler = null)
    {
        scheduler ??= new RecordingScheduler();
        var driver = new SchedulerDriver(new SchedulerDriverOptions { Master = Master.EndPoint, Framework = framework }, scheduler);
        lock (_drivers)
            _drivers.Add(driver);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await driver.StartAsync(cts.Token);
        return (driver, scheduler);
    }

    public static FrameworkInfo Framework(string name, bool checkpoint = false, double failoverTimeoutSeconds = 0,
        FrameworkCapabilities capabilities = FrameworkCapabilities.None) => new()
        {
            User = "root",
            Name = name,
            Checkpoint = checkpoint,
            FailoverTimeoutSeconds = failoverTimeoutSeconds,
            Capabilities = capabilities,
            Roles = ["*"],
        };

    /// <summary>A shell command task on the offer's agent.</summary>
    public static TaskInfo ShellTask(string id, Offer offer, string command, string resources = "cpus:0.1;mem:32") => new()
    {
        Name = id,
        TaskId = new TaskId(id),
        AgentId = offer.AgentId,
        Resources = Resources.Parse(resources),
        Command = new CommandInfo { Value = command, Shell = true },
    };

    /// <summary>The one executor an agent ran: the task id and its sandbox directory.</summary>
    public static (string TaskId, string Directory) OnlyExecutor(JsonElement state)
    {
        foreach (JsonElement framework in state.GetProperty("frameworks").EnumerateArray().Concat(state.GetProperty("completed_frameworks").EnumerateArray()))
        {
            foreach (string list in new[] { "completed_executors", "executors" })
            {
                foreach (JsonElement executor in framework.GetProperty(list).EnumerateArray())
                    return (executor.GetProperty("id").GetString()!, executor.GetProperty("directory").GetString()!);
            }
        }

        Assert.Fail("the agent's /state lists no executor: " + state);
        return default;
    }

    /// <summary>GET a JSON endpoint.</summary>
    public static async Task<JsonDocument> GetJsonAsync(Uri url)
    {
        using HttpResponseMessage response = await Http.GetAsync(url);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }

    public Task<JsonDocument> MasterStateAsync() => GetJsonAsync(new Uri(Master.Url, "master/state"));

    /// <summary>The master's view of a task (null when it does not know it).</summary>
    public TaskState? MasterTaskState(string frameworkId, string taskId) => Master.Server.Read(core =>
    {
        FrameworkRecord? fw = core.FindFramework(frameworkId);
        if (fw is null)
            return (TaskState?)null;
        foreach (TaskRecord task in fw.TaskList)
        {
            if (task.TaskId == taskId)
                return task.State;
        }

        foreach (TaskRecord task in fw.CompletedTaskList)
        {
            if (task.TaskId == taskId)
                return task.State;
        }

        return null;
    });

    private static HttpClient NewHttpClient()
    {
        var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.ConnectionClose = true;
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (SchedulerDriver driver in _drivers)
            await driver.DisposeAsync();
        foreach (AgentHost agent in _agents)
        {
            try
            {
                await agent.Runtime.KillAllAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
            catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException or ObjectDisposedException)
            {
                // The cgroup sweep below kills whatever is left.
            }

            await agent.DisposeAsync();
        }

        foreach (ChildProcess child in _processes)
            child.Dispose();
        await TestCgroups.KillAndRemoveAsync(CgroupsPrefix);
        await Master.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

using System.Net;
using FastMesos.Agent.Containers;
using FastMesos.Messages;
using FastMesos.Transport.Connections;

namespace FastMesos.Agent.Runtime;

/// <summary>
/// How an <see cref="AgentRuntime"/> joins its master and runs tasks (Mesos agent flags; defaults
/// from specs/mesos.md §1.3, §1.6, §1.9).
/// </summary>
public sealed record AgentOptions
{
    /// <summary>The master's wire endpoint (Mesos <c>--master=host:port</c>); ignored when <see cref="MasterLocator"/> is set.</summary>
    public EndPoint? Master { get; init; }

    /// <summary>
    /// Where the leading master is now (<c>--master=zk://…</c>: a ZooKeeper locator, owned by whoever
    /// built it); null: <see cref="Master"/>, fixed. The agent follows it across master failovers,
    /// re-registering with the same id and its running tasks.
    /// </summary>
    public IMasterLocator? MasterLocator { get; init; }

    /// <summary>The locator the runtime dials through: <see cref="MasterLocator"/>, else a fixed one for <see cref="Master"/>.</summary>
    public IMasterLocator ResolveMasterLocator() =>
        MasterLocator ?? new FixedMasterLocator(Master ?? throw new InvalidOperationException("AgentOptions needs Master or MasterLocator"));

    /// <summary>Where sandboxes (<c>slaves/…</c>) and checkpoints (<c>meta/…</c>) live (Mesos <c>--work_dir</c>).</summary>
    public required string WorkDir { get; init; }

    /// <summary>Runs the task containers.</summary>
    public required IContainerizer Containerizer { get; init; }

    /// <summary>How the master is dialed: TCP, or the in-process transport of <c>fastmesos local</c> and the simulator.</summary>
    public ITransport Transport { get; init; } = TcpTransport.Instance;

    /// <summary>The advertised hostname (AgentInfo.hostname, the tasks' HOST).</summary>
    public string Hostname { get; init; } = "localhost";

    /// <summary>The advertised IP, used in the agent's pid <c>slave(1)@ip:port</c>.</summary>
    public string Ip { get; init; } = "127.0.0.1";

    /// <summary>The agent's own HTTP port, advertised in AgentInfo (Mesos default 5051).</summary>
    public int Port { get; init; } = 5051;

    /// <summary>What the agent offers (Mesos <c>--resources</c>).</summary>
    public Resources Resources { get; init; } = Resources.Empty;

    public AgentAttributes Attributes { get; init; } = AgentAttributes.Empty;

    /// <summary>The version sent in RegisterAgent; the master refuses agents older than its minimum.</summary>
    public string Version { get; init; } = "1.11.0";

    /// <summary>SIGTERM → SIGKILL grace of a kill when neither the kill nor the task names a kill policy (Mesos <c>--executor_shutdown_grace_period</c>).</summary>
    public TimeSpan ExecutorShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Ceiling of the first registration retry; retry k waits up to factor × 2^k (Mesos <c>--registration_backoff_factor</c>).</summary>
    public TimeSpan RegistrationBackoffFactor { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest registration retry wait (Mesos <c>REGISTER_RETRY_INTERVAL_MAX</c>).</summary>
    public TimeSpan RegistrationBackoffMax { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>First resend of an unacknowledged status update (Mesos <c>STATUS_UPDATE_RETRY_INTERVAL_MIN</c>).</summary>
    public TimeSpan StatusUpdateRetryMin { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The resend interval doubles up to this (Mesos <c>STATUS_UPDATE_RETRY_INTERVAL_MAX</c>).</summary>
    public TimeSpan StatusUpdateRetryMax { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How the dialer spaces reconnects to the master.</summary>
    public TimeSpan ReconnectBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the runtime's clock work runs (status update resends, registration retries, the
    /// master ping timeout). Every deadline is met within one tick.
    /// </summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Recover checkpointed tasks on start (Mesos <c>--recover=reconnect</c>); false starts fresh (<c>cleanup</c>).</summary>
    public bool Recover { get; init; } = true;

    /// <summary>
    /// After the master answers ShutdownAgent: true forgets the checkpoint and registers again as a
    /// new agent (what a supervisor restarting Mesos' agent achieves); false stops the runtime.
    /// </summary>
    public bool RejoinAfterShutdown { get; init; }

    /// <summary>Also set a CFS quota on task containers (Mesos <c>--cgroups_enable_cfs</c>).</summary>
    public bool CgroupsEnableCfs { get; init; }

    /// <summary>fsync checkpoint writes (status updates are durable before they are sent). Tests may turn it off.</summary>
    public bool SyncCheckpoints { get; init; } = true;

    /// <summary>When set, sent in the wire preamble (<c>--authenticate_agents</c> on the master).</summary>
    public string? AuthToken { get; init; }

    /// <summary>Completed frameworks kept for <c>/state</c>.</summary>
    public int MaxCompletedFrameworks { get; init; } = 50;

    /// <summary>Completed executors kept per framework (Mesos <c>--max_completed_executors_per_framework</c>).</summary>
    public int MaxCompletedExecutorsPerFramework { get; init; } = 150;

    /// <summary>Completed tasks kept per executor (Mesos' <c>MAX_COMPLETED_TASKS_PER_EXECUTOR</c>, a constant there: no flag sets it).</summary>
    public int MaxCompletedTasksPerExecutor { get; init; } = 200;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// At most this many Mesos-level health probes (COMMAND shells, HTTP requests, TCP connects) run at
    /// once over all tasks; the others wait their turn (their timeout starts when they run).
    /// </summary>
    public int MaxConcurrentHealthChecks { get; init; } = 32;

    public Action<string>? Log { get; init; }
}

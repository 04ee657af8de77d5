using System.Net;
using FastMesos.Hosting.Metrics;
using FastMesos.Transport.Connections;

namespace FastMesos.Marathon.Cli;

/// <summary>
/// Everything a Marathon host needs, built from <see cref="MarathonFlags"/> or by tests. Durations
/// carry Marathon's defaults (specs/marathon.md §6.1, §6.4).
/// </summary>
public sealed record MarathonOptions
{
    /// <summary>The master as a fixed endpoint (null when <see cref="MasterLocator"/> is set).</summary>
    public EndPoint? Master { get; init; }

    /// <summary>Follows the leading master (zk://); owned by the caller.</summary>
    public IMasterLocator? MasterLocator { get; init; }

    /// <summary>The HTTP API's address (<c>--http_address</c>, <c>--http_port</c>; port 0 picks one).</summary>
    public IPEndPoint HttpEndPoint { get; init; } = new(IPAddress.Loopback, 8080);

    /// <summary>The host name Marathon advertises (<c>/v2/leader</c>, <c>/v2/info</c>).</summary>
    public string Hostname { get; init; } = "localhost";

    /// <summary>Where the embedded store keeps state (<c>&lt;work_dir&gt;/state</c>).</summary>
    public required string WorkDir { get; init; }

    /// <summary>
    /// <c>--zk</c>: zk://[user:pass@]h1:p1,h2:p2/path — state under <c>path/state</c> and, unless
    /// <see cref="DisableHa"/>, leader election under <c>path/leader</c>. Null: the embedded store, no HA.
    /// </summary>
    public string? ZooKeeperUrl { get; init; }

    /// <summary><c>--disable_ha</c>: with <see cref="ZooKeeperUrl"/>, keep the state in ZooKeeper but lead at once, without election.</summary>
    public bool DisableHa { get; init; }

    /// <summary><c>--zk_session_timeout</c>.</summary>
    public TimeSpan ZooKeeperSessionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public string FrameworkName { get; init; } = "marathon";

    /// <summary><c>--mesos_role</c>: the role Marathon subscribes with and apps default to.</summary>
    public string MesosRole { get; init; } = "*";

    /// <summary>Seconds the master keeps Marathon's tasks while it is away (Marathon's default: one week).</summary>
    public double FailoverTimeoutSeconds { get; init; } = 604800;

    public int LocalPortMin { get; init; } = 10000;

    public int LocalPortMax { get; init; } = 20000;

    public int MaxInstancesPerOffer { get; init; } = 5;

    /// <summary>Launches allowed per <see cref="LaunchTokenRefreshInterval"/>.</summary>
    public int LaunchTokens { get; init; } = 100;

    public TimeSpan LaunchTokenRefreshInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A task not RUNNING this long after its launch is killed.</summary>
    public TimeSpan TaskLaunchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan ReconciliationInitialDelay { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan ReconciliationInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an offer Marathon has no use for is declined for.</summary>
    public TimeSpan DeclineOfferDuration { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// The least time between two REVIVE calls; asks in between are folded into one at its end
    /// (<c>--min_revive_offers_interval</c>).
    /// </summary>
    public TimeSpan MinReviveOffersInterval { get; init; } = TimeSpan.FromMilliseconds(MarathonFlags.DefaultMinReviveOffersIntervalMs);

    public int MaxRunningDeployments { get; init; } = 100;

    /// <summary>
    /// New instances one deployment advance or one "starting instances" item creates at most; the
    /// rest of a scale is created by the next items (MarathonRuntime.PendingStarts). Not a flag:
    /// tests make it small to see a scale created in slices.
    /// </summary>
    internal int InstancesCreatedPerItem { get; init; } = 2048;

    /// <summary>Events buffered per <c>/v2/events</c> client before it is disconnected.</summary>
    public int EventStreamMaxOutstandingMessages { get; init; } = Events.EventBus.DefaultMaxOutstanding;

    /// <summary><c>--event_subscriber http_callback</c>: <c>/v2/eventSubscriptions</c> and event POSTs to the subscribed URLs.</summary>
    public bool HttpCallbacks { get; init; }

    /// <summary><c>--http_endpoints</c>: callback URLs subscribed at start (added to the stored ones).</summary>
    public IReadOnlyList<string> HttpEndpoints { get; init; } = [];

    /// <summary>How events are POSTed to the callbacks (<c>--http_event_request_timeout</c>, <c>--http_event_callback_slow_consumer_timeout</c>).</summary>
    public Events.CallbackOptions Callbacks { get; init; } = new();

    /// <summary>Stored versions kept per app (<c>--zk_max_versions</c>).</summary>
    public int MaxVersions { get; init; } = 50;

    public BasicCredentialsOption? HttpCredentials { get; init; }

    /// <summary><c>--metrics_name_prefix</c>: the first component of every metric name.</summary>
    public string MetricsNamePrefix { get; init; } = Metrics.MarathonMetrics.DefaultPrefix;

    /// <summary><c>--disable_metrics_prometheus</c>: <c>/metrics/prometheus</c> answers 404.</summary>
    public bool DisableMetricsPrometheus { get; init; }

    /// <summary><c>--metrics_statsd</c>: push to StatsD (null: off). Its clock and log are the host's.</summary>
    public StatsdReporterOptions? Statsd { get; init; }

    /// <summary><c>--metrics_datadog</c> (udp): push in DogStatsD's dialect (null: off).</summary>
    public StatsdReporterOptions? DataDog { get; init; }

    /// <summary><c>--reporter_graphite</c>: push to Graphite's plaintext port (null: off).</summary>
    public GraphiteReporterOptions? Graphite { get; init; }

    /// <summary>How the scheduler driver reaches the master (TCP; the simulator passes an in-process transport).</summary>
    public ITransport Transport { get; init; } = TcpTransport.Instance;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public Action<string>? Log { get; init; }
}

/// <summary><c>--http_credentials</c> as given (<c>user:password</c>).</summary>
public sealed record BasicCredentialsOption(string Text);

using System.Net;
using FastMesos.Coordination;
using FastMesos.Hosting.Flags;
using FastMesos.Marathon.Http;
using FastMesos.Transport.Connections;

namespace FastMesos.Marathon.Cli;

/// <summary>
/// Marathon's command-line flags where they apply (specs/marathon.md §6, issue 6), with Marathon's
/// names, units (milliseconds for its intervals) and defaults. Both <c>--flag value</c> and
/// <c>--flag=value</c> work, as with Marathon.
/// </summary>
public sealed class MarathonFlags
{
    /// <summary>
    /// <c>--min_revive_offers_interval</c>'s default, in milliseconds. Marathon's is 5000; ours is
    /// shorter because deployments behind one another then wait a quarter second, not five, for
    /// offers, while a burst of a thousand app POSTs still costs about ten rounds of offers instead of
    /// a thousand (perf-reports/2026-12-04-marathon-posts.md: 2.2–2.6 s for that burst at 250 ms,
    /// 2.7–3.0 s at 1000, about 5.3 s at 5000, 2.9–3.7 s unthrottled).
    /// </summary>
    public const long DefaultMinReviveOffersIntervalMs = 250;

    public MarathonFlags(FlagSet flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        Master = flags.AddRequired("master", "The Mesos master: HOST:PORT, or zk://host1:port1,.../path to follow the leading master.", FlagType.String);
        Zk = flags.AddOptional("zk", "ZooKeeper URL for state and leader election, zk://host1:port1,.../path (default: state under --work_dir, no HA).", FlagType.String);
        HttpPort = flags.AddInt("http_port", "The port of the REST API and UI.", 8080);
        HttpAddress = flags.AddString("http_address", "The address the REST API listens on.", "127.0.0.1");
        Hostname = flags.AddOptional("hostname", "The host name Marathon advertises (default: the machine's name).", FlagType.String);
        WorkDir = flags.AddString("work_dir", "Directory of the embedded state store (used without --zk).", "/tmp/fastmesos/marathon");
        FrameworkName = flags.AddString("framework_name", "The framework name Marathon registers with.", "marathon");
        MesosRole = flags.AddString("mesos_role", "The Mesos role Marathon subscribes with.", "*");
        FailoverTimeout = flags.AddLong("failover_timeout", "Seconds the master keeps Marathon's tasks while Marathon is away.", 604800);
        LocalPortMin = flags.AddInt("local_port_min", "Lowest service port assigned to apps.", 10000);
        LocalPortMax = flags.AddInt("local_port_max", "Highest service port assigned to apps.", 20000);
        MaxInstancesPerOffer = flags.AddInt("max_instances_per_offer", "Most instances launched from one offer.", 5);
        LaunchTokens = flags.AddInt("launch_tokens", "Launches allowed per --launch_token_refresh_interval.", 100);
        LaunchTokenRefreshInterval = flags.AddLong("launch_token_refresh_interval", "Milliseconds between launch token refills.", 30000);
        TaskLaunchTimeout = flags.AddLong("task_launch_timeout", "Milliseconds a launched task may take to become RUNNING before it is killed.", 300000);
        ReconciliationInitialDelay = flags.AddLong("reconciliation_initial_delay", "Milliseconds before the first periodic task reconciliation.", 15000);
        ReconciliationInterval = flags.AddLong("reconciliation_interval", "Milliseconds between task reconciliations.", 600000);
        DeclineOfferDuration = flags.AddLong("decline_offer_duration", "Milliseconds an unused offer is declined for.", 120000);
        MinReviveOffersInterval = flags.AddLong("min_revive_offers_interval",
            "Least milliseconds between two REVIVE calls; the asks in between are folded into one at the interval's end.", DefaultMinReviveOffersIntervalMs);
        MaxRunningDeployments = flags.AddInt("max_running_deployments", "Most deployments running at once; more are refused with 403.", 100);
        EventStreamMaxOutstandingMessages = flags.AddInt("event_stream_max_outstanding_messages",
            "Events buffered per /v2/events client; a client further behind is disconnected.", 1024);
        EventSubscriber = flags.AddOptional("event_subscriber", "The event subscription module: http_callback (POST every event to the URLs of /v2/eventSubscriptions).",
            FlagType.String);
        HttpEndpoints = flags.AddOptional("http_endpoints", "Comma-separated callback URLs subscribed at start (with --event_subscriber http_callback).",
            FlagType.String);
        HttpEventRequestTimeout = flags.AddLong("http_event_request_timeout", "Milliseconds one event callback POST may take.", 10000);
        HttpEventCallbackSlowConsumerTimeout = flags.AddLong("http_event_callback_slow_consumer_timeout",
            "Milliseconds a callback may take to accept one event, retries included, before the event is given up.", 10000);
        ZkMaxVersions = flags.AddInt("zk_max_versions", "Stored versions kept per app.", 50);
        ZkSessionTimeout = flags.AddLong("zk_session_timeout", "Milliseconds of the ZooKeeper session timeout; a leader cut off longer exits.", 10000);
        DisableHa = flags.AddBool("disable_ha", "Run without leader election even with --zk.", false);
        HttpCredentials = flags.AddOptional("http_credentials", "user:password for HTTP Basic authentication on every endpoint but /ping.", FlagType.String);
        Metrics = new MarathonMetricsFlags(flags);
    }

    /// <summary>The metrics flags (<c>--metrics_*</c>, <c>--reporter_graphite</c>).</summary>
    public MarathonMetricsFlags Metrics { get; }

    public Flag<string> Master { get; }

    public Flag<string> Zk { get; }

    public Flag<int> HttpPort { get; }

    public Flag<string> HttpAddress { get; }

    public Flag<string> Hostname { get; }

    public Flag<string> WorkDir { get; }

    public Flag<string> FrameworkName { get; }

    public Flag<string> MesosRole { get; }

    public Flag<long> FailoverTimeout { get; }

    public Flag<int> LocalPortMin { get; }

    public Flag<int> LocalPortMax { get; }

    public Flag<int> MaxInstancesPerOffer { get; }

    public Flag<int> LaunchTokens { get; }

    public Flag<long> LaunchTokenRefreshInterval { get; }

    public Flag<long> TaskLaunchTimeout { get; }

    public Flag<long> ReconciliationInitialDelay { get; }

    public Flag<long> ReconciliationInterval { get; }

    public Flag<long> DeclineOfferDuration { get; }

    public Flag<long> MinReviveOffersInterval { get; }

    public Flag<int> MaxRunningDeployments { get; }

    public Flag<int> ZkMaxVersions { get; }

    public Flag<int> EventStreamMaxOutstandingMessages { get; }

    public Flag<long> ZkSessionTimeout { get; }

    public Flag<string> EventSubscriber { get; }

    public Flag<string> HttpEndpoints { get; }

    public Flag<long> HttpEventRequestTimeout { get; }

    public Flag<long> HttpEventCallbackSlowConsumerTimeout { get; }

    public Flag<bool> DisableHa { get; }

    public Flag<string> HttpCredentials { get; }

    /// <summary>
    /// The options the flags describe; a zk:// master is returned as its URL for the caller to start
    /// a locator. Throws <see cref="FormatException"/> naming the flag.
    /// </summary>
    public MarathonOptions Build(FlagParseResult parsed, Action<string>? log, out string? masterZooKeeperUrl)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        masterZooKeeperUrl = null;
        EndPoint? master = null;
        string masterText = parsed.Get(Master);
        if (masterText.StartsWith("zk://", StringComparison.Ordinal))
            masterZooKeeperUrl = masterText;
        else if (!MasterAddress.TryParse(masterText, out master, out string? masterError))
            throw new FormatException($"Failed to load flag 'master': {masterError}");
        if (!IPAddress.TryParse(parsed.Get(HttpAddress), out IPAddress? address))
            throw new FormatException($"Failed to load flag 'http_address': '{parsed.Get(HttpAddress)}' is not an IP address");
        int port = parsed.Get(HttpPort);
        if (port is < 0 or > 65535)
            throw new FormatException($"Failed to load flag 'http_port': {port} is not a port number (0-65535)");
        int min = parsed.Get(LocalPortMin), max = parsed.Get(LocalPortMax);
        if (min < 1 || max > 65535 || min > max)
            throw new FormatException($"Failed to load flag 'local_port_max': the range [{min}, {max}] is not within 1-65535 with min <= max");
        Positive(parsed, MaxInstancesPerOffer);
        Positive(parsed, LaunchTokens);
        Positive(parsed, MaxRunningDeployments);
        Positive(parsed, ZkMaxVersions);
        Positive(parsed, EventStreamMaxOutstandingMessages);
        if (HttpCredentials.HasValue)
            _ = BasicCredentials.Parse(parsed.Get(HttpCredentials));
        (bool callbacks, List<string> endpoints) = Callbacks(parsed);
        string? zk = Zk.HasValue ? parsed.Get(Zk) : null;
        if (zk is not null)
        {
            try
            {
                _ = ZooKeeperConnectionString.SplitGroup(zk);
            }
            catch (FormatException e)
            {
                throw new FormatException($"Failed to load flag 'zk': {e.Message}", e);
            }
        }

        var options = new MarathonOptions
        {
            Master = master,
            HttpEndPoint = new IPEndPoint(address, port),
            Hostname = Hostname.HasValue ? parsed.Get(Hostname) : Dns.GetHostName(),
            WorkDir = parsed.Get(WorkDir),
            ZooKeeperUrl = zk,
            DisableHa = parsed.Get(DisableHa),
            ZooKeeperSessionTimeout = Millis(parsed, ZkSessionTimeout),
            FrameworkName = parsed.Get(FrameworkName),
            MesosRole = parsed.Get(MesosRole),
            FailoverTimeoutSeconds = parsed.Get(FailoverTimeout),
            LocalPortMin = min,
            LocalPortMax = max,
            MaxInstancesPerOffer = parsed.Get(MaxInstancesPerOffer),
            LaunchTokens = parsed.Get(LaunchTokens),
            LaunchTokenRefreshInterval = Millis(parsed, LaunchTokenRefreshInterval),
            TaskLaunchTimeout = Millis(parsed, TaskLaunchTimeout),
            ReconciliationInitialDelay = Millis(parsed, ReconciliationInitialDelay),
            ReconciliationInterval = Millis(parsed, ReconciliationInterval),
            DeclineOfferDuration = Millis(parsed, DeclineOfferDuration),
            MinReviveOffersInterval = Millis(parsed, MinReviveOffersInterval),
            MaxRunningDeployments = parsed.Get(MaxRunningDeployments),
            MaxVersions = parsed.Get(ZkMaxVersions),
            EventStreamMaxOutstandingMessages = parsed.Get(EventStreamMaxOutstandingMessages),
            HttpCallbacks = callbacks,
            HttpEndpoints = endpoints,
            Callbacks = new Events.CallbackOptions
            {
                RequestTimeout = Millis(parsed, HttpEventRequestTimeout),
                SlowConsumerTimeout = Millis(parsed, HttpEventCallbackSlowConsumerTimeout),
                QueueCapacity = parsed.Get(EventStreamMaxOutstandingMessages),
            },
            HttpCredentials = HttpCredentials.HasValue ? new BasicCredentialsOption(parsed.Get(HttpCredentials)) : null,
            Log = log,
        };
        return Metrics.Apply(options, parsed);
    }

    /// <summary><c>--event_subscriber</c> (only http_callback exists) and the URLs of <c>--http_endpoints</c>.</summary>
    private (bool Enabled, List<string> Endpoints) Callbacks(FlagParseResult parsed)
    {
        bool enabled = false;
        if (EventSubscriber.HasValue)
        {
            string subscriber = parsed.Get(EventSubscriber);
            if (subscriber != "http_callback")
                throw new FormatException($"Failed to load flag 'event_subscriber': unknown event subscriber '{subscriber}' (the only one is http_callback)");
            enabled = true;
        }
        var endpoints = new List<string>();
        if (!HttpEndpoints.HasValue)
            return (enabled, endpoints);
        if (!enabled)
            throw new FormatException("Failed to load flag 'http_endpoints': needs --event_subscriber http_callback");
        foreach (string part in parsed.Get(HttpEndpoints).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (Events.HttpCallbackSubscriptions.ParseUrl(part, out string? error) is null)
                throw new FormatException($"Failed to load flag 'http_endpoints': {error}");
            endpoints.Add(part);
        }
        return (enabled, endpoints);
    }

    private static void Positive(FlagParseResult parsed, Flag<int> flag)
    {
        if (parsed.Get(flag) < 1)
            throw new FormatException($"Failed to load flag '{flag.Name}': must be at least 1");
    }

    private static TimeSpan Millis(FlagParseResult parsed, Flag<long> flag)
    {
        long ms = parsed.Get(flag);
        if (ms < 1)
            throw new FormatException($"Failed to load flag '{flag.Name}': must be a positive number of milliseconds");
        return TimeSpan.FromMilliseconds(ms);
    }
}

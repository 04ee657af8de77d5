using System.Globalization;
using System.Net;
using System.Text.Json;
using FastMesos.Engine.Master;
using FastMesos.Hosting.Auth;
using FastMesos.Hosting.Flags;
using FastMesos.Master.Ha;
using FastMesos.Messages;
using AllocatorOptions = FastMesos.Engine.AllocatorOptions;

namespace FastMesos.Master.Cli;

/// <summary>
/// The master's flags with Mesos' names and defaults (specs/mesos.md §1.9), and how they become a
/// <see cref="MasterServerOptions"/>. <c>fastmesos-master</c>, <c>fastmesos master</c> and
/// <c>fastmesos local</c> share them.
/// </summary>
public sealed class MasterFlags
{
    public MasterFlags(FlagSet flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        Set = flags;
        Ip = flags.AddString("ip", "IP address to listen on and advertise.", "127.0.0.1");
        Port = flags.AddInt("port", "Port to listen on (the wire protocol and HTTP share it).", 5050);
        Hostname = flags.AddOptional("hostname", "The hostname the master advertises (default: the machine's name).", FlagType.String);
        WorkDir = flags.AddOptional("work_dir", "Directory for the master's persistent state (created when missing).", FlagType.String);
        AllocationInterval = flags.AddDuration("allocation_interval", "Amount of time to wait between performing (batch) allocations.", TimeSpan.FromSeconds(1));
        AgentPingTimeout = flags.AddDuration("agent_ping_timeout", "How often the master pings each agent; see --max_agent_ping_timeouts.", TimeSpan.FromSeconds(15));
        MaxAgentPingTimeouts = flags.AddInt("max_agent_ping_timeouts", "Unanswered pings after which an agent is unreachable.", 5);
        DatagramHeartbeats = flags.AddBool("datagram_heartbeats",
            "Offer agents UDP pings (on --port's number when free; batched, a few system calls per tick for all agents). "
            + "Agents whose datagrams do not get through are pinged over TCP.",
            true);
        OfferTimeout = flags.AddOptional("offer_timeout", "Duration after which an outstanding offer is rescinded (default: never).", FlagType.Duration);
        Roles = flags.AddOptional("roles", "A comma-separated list of the roles frameworks may use besides '*' (default: any role).", FlagType.String);
        Weights = flags.AddOptional("weights", "A comma-separated list of role=weight pairs, e.g. 'web=2,batch=0.5'.", FlagType.String);
        Quota = flags.AddOptional("quota",
            "Quota per top-level role as JSON, inline or file:///path:\n{\"role\": {\"guarantee\": \"cpus:2;mem:1024\", \"limit\": \"cpus:8;mem:4096\"}}",
            FlagType.String);
        AuthenticateAgents = flags.AddBool("authenticate_agents", "Only agents presenting a credential from --credentials may register.", false);
        AuthenticateFrameworks = flags.AddBool("authenticate_frameworks", "Only frameworks presenting a credential from --credentials may subscribe.", false);
        Credentials = flags.AddOptional("credentials",
            "Path to a credentials file: JSON {\"credentials\":[{\"principal\":..,\"secret\":..}]} or 'principal secret' lines.",
            FlagType.String);
        MaxCompletedFrameworks = flags.AddInt("max_completed_frameworks", "Completed frameworks kept for /master/state.", 50);
        MaxCompletedTasksPerFramework = flags.AddInt("max_completed_tasks_per_framework", "Completed tasks kept per framework.", 1000);
        Zk = flags.AddOptional("zk",
            "ZooKeeper URL for leader election among masters: zk://host1:port1,host2:port2,.../path or zk://user:pass@host:port/path.",
            FlagType.String);
        Quorum = flags.AddOptional("quorum", "The size of the masters' quorum (more than half the masters); required with --zk.", FlagType.Int);
        ZkSessionTimeout = flags.AddDuration("zk_session_timeout", "ZooKeeper session timeout.", TimeSpan.FromSeconds(10));
        AgentReregisterTimeout = flags.AddDuration("agent_reregister_timeout",
            "How long agents recovered from the registry by a newly elected master have to re-register before they are marked unreachable.",
            TimeSpan.FromMinutes(10));
        WarmupAgents = flags.AddInt("warmup_agents",
            "Before listening (and before standing for election), this many loopback agents register and re-register with their tasks with a throwaway master, "
            + "so the master answers its first agents, a failover's re-registration storm above all, with compiled code. 0: no warm-up.",
            0);
    }

    public FlagSet Set { get; }

    public Flag<string> Ip { get; }

    public Flag<int> Port { get; }

    public Flag<string> Hostname { get; }

    public Flag<string> WorkDir { get; }

    public Flag<TimeSpan> AllocationInterval { get; }

    public Flag<TimeSpan> AgentPingTimeout { get; }

    public Flag<int> MaxAgentPingTimeouts { get; }

    public Flag<bool> DatagramHeartbeats { get; }

    public Flag<TimeSpan> OfferTimeout { get; }

    public Flag<string> Roles { get; }

    public Flag<string> Weights { get; }

    public Flag<string> Quota { get; }

    public Flag<bool> AuthenticateAgents { get; }

    public Flag<bool> AuthenticateFrameworks { get; }

    public Flag<string> Credentials { get; }

    public Flag<int> MaxCompletedFrameworks { get; }

    public Flag<int> MaxCompletedTasksPerFramework { get; }

    public Flag<string> Zk { get; }

    public Flag<int> Quorum { get; }

    public Flag<TimeSpan> ZkSessionTimeout { get; }

    public Flag<TimeSpan> AgentReregisterTimeout { get; }

    public Flag<int> WarmupAgents { get; }

    /// <summary>
    /// The master's configuration from parsed flags. Values that parse but do not make sense
    /// together (a port out of range, authentication without credentials, a malformed weight)
    /// throw <see cref="FormatException"/> naming the flag, for the usage message.
    /// </summary>
    public MasterConfiguration Build(FlagParseResult parsed, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        if (!IPAddress.TryParse(parsed.Get(Ip), out IPAddress? ip))
            throw new FormatException($"Failed to load flag 'ip': '{parsed.Get(Ip)}' is not an IP address");
        int port = parsed.Get(Port);
        if (port is < 0 or > 65535)
            throw new FormatException($"Failed to load flag 'port': {port} is not a port number (0-65535)");
        if (parsed.Get(MaxAgentPingTimeouts) < 1)
            throw new FormatException("Failed to load flag 'max_agent_ping_timeouts': must be at least 1");
        if (parsed.Get(AllocationInterval) <= TimeSpan.Zero)
            throw new FormatException("Failed to load flag 'allocation_interval': must be positive");
        if (parsed.Get(WarmupAgents) is < 0 or > 10_000)
            throw new FormatException("Failed to load flag 'warmup_agents': must be between 0 and 10000");
        if (parsed.Get(AgentReregisterTimeout) <= TimeSpan.Zero)
            throw new FormatException("Failed to load flag 'agent_reregister_timeout': must be positive");

        CredentialStore? credentials = null;
        bool authenticateAgents = parsed.Get(AuthenticateAgents);
        bool authenticateFrameworks = parsed.Get(AuthenticateFrameworks);
        if (authenticateAgents || authenticateFrameworks)
        {
            if (!Credentials.HasValue)
                throw new FormatException("Failed to load flag 'credentials': --authenticate_agents and --authenticate_frameworks need a credentials file");
            credentials = CredentialStore.Load(Credentials.Value);
        }

        if (WorkDir.HasValue)
            Directory.CreateDirectory(WorkDir.Value);
        string hostname = Hostname.HasValue ? Hostname.Value : Environment.MachineName;
        var core = new MasterOptions
        {
            MasterId = Guid.NewGuid().ToString(),
            Hostname = hostname,
            Ip = ip.Equals(IPAddress.Any) ? "127.0.0.1" : ip.ToString(),
            Port = port,
            AgentPingTimeout = parsed.Get(AgentPingTimeout),
            MaxAgentPingTimeouts = parsed.Get(MaxAgentPingTimeouts),
            MaxCompletedFrameworks = parsed.Get(MaxCompletedFrameworks),
            MaxCompletedTasksPerFramework = parsed.Get(MaxCompletedTasksPerFramework),
            AgentReregisterTimeout = parsed.Get(AgentReregisterTimeout),
            Roles = Roles.HasValue ? ParseRoles(Roles.Value) : null,
            Allocator = new AllocatorOptions
            {
                AllocationInterval = parsed.Get(AllocationInterval),
                OfferTimeout = OfferTimeout.HasValue ? OfferTimeout.Value : null,
            },
        };
        var server = new MasterServerOptions
        {
            EndPoint = new IPEndPoint(ip, port),
            Core = core,
            AgentCredentials = authenticateAgents ? credentials : null,
            FrameworkCredentials = authenticateFrameworks ? credentials : null,
            ZooKeeper = ZooKeeperOptions(parsed),
            DatagramHeartbeats = parsed.Get(DatagramHeartbeats),
            Log = log,
        };
        return new MasterConfiguration(server,
            Weights.HasValue ? ParseWeights(Weights.Value) : new Dictionary<string, double>(),
            Quota.HasValue ? ParseQuota(FlagFiles.ReadValueOrFile(Quota.Value)) : new Dictionary<string, RoleQuota>(),
            parsed.Get(WarmupAgents));
    }

    /// <summary>Mesos requires --quorum with --zk (its replicated registry needs it); the URL must name a path.</summary>
    private MasterZooKeeperOptions? ZooKeeperOptions(FlagParseResult parsed)
    {
        if (!Zk.HasValue)
            return null;
        try
        {
            MasterElection.Split(Zk.Value);
        }
        catch (FormatException e)
        {
            throw new FormatException($"Failed to load flag 'zk': {e.Message}", e);
        }

        if (!Quorum.HasValue)
            throw new FormatException("Failed to load flag 'quorum': required when --zk is set");
        if (Quorum.Value < 1)
            throw new FormatException("Failed to load flag 'quorum': must be at least 1");
        TimeSpan timeout = parsed.Get(ZkSessionTimeout);
        if (timeout <= TimeSpan.Zero)
            throw new FormatException("Failed to load flag 'zk_session_timeout': must be positive");
        return new MasterZooKeeperOptions { Url = Zk.Value, Quorum = Quorum.Value, SessionTimeout = timeout };
    }

    private static List<string> ParseRoles(string text)
    {
        var roles = new List<string>();
        foreach (string raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (RoleName.Validate(raw) is { } why)
                throw new FormatException($"Failed to load flag 'roles': {why}");
            roles.Add(raw);
        }

        return roles;
    }

    /// <summary>Mesos' <c>--weights</c> form: <c>role1=weight1,role2=weight2</c>.</summary>
    internal static Dictionary<string, double> ParseWeights(string text)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !double.TryParse(pair.AsSpan(eq + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double weight)
                || !double.IsFinite(weight) || weight <= 0)
                throw new FormatException($"Failed to load flag 'weights': '{pair}' is not role=positive-number");
            string role = pair[..eq];
            if (RoleName.Validate(role) is { } why)
                throw new FormatException($"Failed to load flag 'weights': {why}");
            weights[role] = weight;
        }

        return weights;
    }

    /// <summary><c>{"role": {"guarantee": "cpus:1", "limit": "cpus:4"}}</c>; either part may be left out.</summary>
    internal static Dictionary<string, RoleQuota> ParseQuota(string json)
    {
        var quotas = new Dictionary<string, RoleQuota>(StringComparer.Ordinal);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new FormatException("Failed to load flag 'quota': expected a JSON object of role → {guarantee, limit}");
            foreach (JsonProperty role in document.RootElement.EnumerateObject())
            {
                if (role.Value.ValueKind != JsonValueKind.Object)
                    throw new FormatException($"Failed to load flag 'quota': role '{role.Name}' needs an object with 'guarantee' and/or 'limit'");
                quotas[role.Name] = new RoleQuota(QuotaPart(role, "guarantee"), QuotaPart(role, "limit"));
            }
        }
        catch (JsonException e)
        {
            throw new FormatException($"Failed to load flag 'quota': invalid JSON: {e.Message}", e);
        }

        return quotas;
    }

    private static Resources QuotaPart(JsonProperty role, string name)
    {
        if (!role.Value.TryGetProperty(name, out JsonElement value))
            return Resources.Empty;
        if (value.ValueKind != JsonValueKind.String)
            throw new FormatException($"Failed to load flag 'quota': {role.Name}.{name} must be a resource string like \"cpus:2;mem:1024\"");
        if (!Resources.TryParse(value.GetString()!, out Resources resources, out string? error))
            throw new FormatException($"Failed to load flag 'quota': {role.Name}.{name}: {error}");
        return resources;
    }
}

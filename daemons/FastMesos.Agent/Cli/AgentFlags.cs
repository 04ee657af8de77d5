using System.Net;
using FastMesos.Agent.Containers;
using FastMesos.Agent.Runtime;
using FastMesos.Hosting;
using FastMesos.Hosting.Auth;
using FastMesos.Hosting.Flags;
using FastMesos.Messages;
using FastMesos.Transport.Connections;

namespace FastMesos.Agent.Cli;

/// <summary>
/// The agent's flags with Mesos' names and defaults (specs/mesos.md §1.9, §7), and how they become
/// an <see cref="AgentHostOptions"/>. <c>fastmesos-agent</c>, <c>fastmesos agent</c> and
/// <c>fastmesos local</c> share them.
/// </summary>
public sealed class AgentFlags
{
    /// <summary>
    /// Declares the agent's flags on <paramref name="flags"/>. For <c>fastmesos local</c>
    /// (<paramref name="local"/>) the master's flags own ip, port, hostname and work_dir, the agents
    /// find the master by themselves, and resources and attributes are named agent_resources and
    /// agent_attributes; the values are then passed to <see cref="Build"/>.
    /// </summary>
    public AgentFlags(FlagSet flags, bool local = false)
    {
        ArgumentNullException.ThrowIfNull(flags);
        if (!local)
        {
            Master = flags.AddRequired("master", "The master as HOST:PORT, or zk://host1:port1,host2:port2,.../path to find the leading master in ZooKeeper.", FlagType.String);
            Ip = flags.AddString("ip", "IP address to listen on and advertise.", "127.0.0.1");
            Port = flags.AddInt("port", "Port to listen on (HTTP; 0 picks a free one).", 5051);
            Hostname = flags.AddOptional("hostname", "The hostname the agent advertises (default: the machine's name).", FlagType.String);
            WorkDir = flags.AddString("work_dir", "Directory for sandboxes and checkpoints.", "/tmp/fastmesos/agent");
            RuntimeDir = flags.AddOptional("runtime_dir", "Directory for per-container runtime files (default: WORK_DIR/runtime).", FlagType.String);
            Credential = flags.AddOptional("credential", "File with the agent's principal and secret (for --authenticate_agents).", FlagType.String);
            FetcherCacheDir = flags.AddOptional("fetcher_cache_dir", "Where the fetcher caches URIs marked cache (default: WORK_DIR/fetcher-cache).", FlagType.String);
        }

        string prefix = local ? "agent_" : "";
        Resources = flags.AddOptional(prefix + "resources",
            "Total consumable resources" + (local ? " of each agent" : "") + ", e.g. 'cpus:4;mem:8192;ports:[31000-32000]'.\nLeft-out cpus, mem, disk and ports are detected.",
            FlagType.Custom<Resources>(Messages.Resources.TryParse, static r => r.ToString()));
        Attributes = flags.AddOptional(prefix + "attributes",
            local ? "Attributes added to every agent, e.g. 'zone:a' (each agent also gets rack_id:rack-N unless given)." : "Attributes of the machine, e.g. 'rack_id:r1;zone:a'.",
            FlagType.String);
        Containerizers = flags.AddString("containerizers", "Comma-separated containerizers (mesos; docker arrives with the Docker issue).", "mesos");
        Isolation = flags.AddString("isolation", "Isolation mechanisms: cgroups/cpu,cgroups/mem or posix/cpu,posix/mem.", "cgroups/cpu,cgroups/mem");
        CgroupsRoot = flags.AddString("cgroups_root", "Name of the agent's cgroup beneath its own cgroup.", "fastmesos");
        CgroupsEnableCfs = flags.AddBool("cgroups_enable_cfs", "Cap CPU time with the CFS quota as well as shares.", false);
        GracePeriod = flags.AddDuration("executor_shutdown_grace_period", "SIGTERM to SIGKILL grace when killing a task without a kill policy.", TimeSpan.FromSeconds(5));
        Recover = flags.AddString("recover", "reconnect: reattach to running tasks after a restart; cleanup: kill them and start afresh.", "reconnect");
        RegistrationBackoff = flags.AddDuration("registration_backoff_factor", "Ceiling of the first registration retry; doubles per retry.", TimeSpan.FromSeconds(1));
    }

    public Flag<string>? Master { get; }

    public Flag<string>? Ip { get; }

    public Flag<int>? Port { get; }

    public Flag<string>? Hostname { get; }

    public Flag<string>? WorkDir { get; }

    public Flag<string>? RuntimeDir { get; }

    public Flag<Resources> Resources { get; }

    public Flag<string> Attributes { get; }

    public Flag<string> Containerizers { get; }

    public Flag<string> Isolation { get; }

    public Flag<string> CgroupsRoot { get; }

    public Flag<bool> CgroupsEnableCfs { get; }

    public Flag<TimeSpan> GracePeriod { get; }

    public Flag<string> Recover { get; }

    public Flag<string>? Credential { get; }

    public Flag<TimeSpan> RegistrationBackoff { get; }

    public Flag<string>? FetcherCacheDir { get; }

    /// <summary>
    /// The agent's configuration; the arguments override flags (<c>fastmesos local</c> passes the
    /// master, ip, work_dir, attributes and port 0 of each agent). Values that do not make sense
    /// throw <see cref="FormatException"/> naming the flag.
    /// </summary>
    public AgentHostOptions Build(Action<string>? log, EndPoint? master = null, string? ip = null, string? workDir = null,
        string? attributes = null, int? port = null, string? hostname = null, IMasterLocator? masterLocator = null)
    {
        if (master is null && masterLocator is null)
        {
            if (Master is not { HasValue: true })
                throw new FormatException("Flag 'master' is required, but it was not provided");
            if (!MasterAddress.TryParse(Master.Value, out master, out string? masterError))
                throw new FormatException($"Failed to load flag 'master': {masterError}");
        }

        string ipText = ip ?? Ip?.Value ?? "127.0.0.1";
        if (!IPAddress.TryParse(ipText, out IPAddress? address))
            throw new FormatException($"Failed to load flag 'ip': '{ipText}' is not an IP address");
        int listenPort = port ?? Port?.Value ?? 0;
        if (listenPort is < 0 or > 65535)
            throw new FormatException($"Failed to load flag 'port': {listenPort} is not a port number (0-65535)");
        foreach (string name in Containerizers.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (name != "mesos")
                throw new FormatException($"Failed to load flag 'containerizers': '{name}' is not supported yet (supported: mesos)");
        }

        if (Recover.Value is not ("reconnect" or "cleanup"))
            throw new FormatException($"Failed to load flag 'recover': '{Recover.Value}' is neither 'reconnect' nor 'cleanup'");
        string isolation = Isolation.Value;
        foreach (string mechanism in isolation.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (mechanism is not ("cgroups/cpu" or "cgroups/mem" or "posix/cpu" or "posix/mem"))
                throw new FormatException($"Failed to load flag 'isolation': unknown isolator '{mechanism}' (known: cgroups/cpu, cgroups/mem, posix/cpu, posix/mem)");
        }

        string dir = Path.GetFullPath(workDir ?? WorkDir?.Value ?? throw new FormatException("Flag 'work_dir' is required"));
        Directory.CreateDirectory(dir);
        string resourceText = HostInfo.AgentResources(Resources.HasValue ? Resources.Value.ToString() : null, dir);
        AgentAttributes parsedAttributes;
        string? attributeText = attributes ?? (Attributes.HasValue ? Attributes.Value : null);
        try
        {
            parsedAttributes = attributeText is null ? AgentAttributes.Empty : AgentAttributes.Parse(attributeText);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"Failed to load flag '{Attributes.Name}': {e.Message}", e);
        }

        string runtimeDir = RuntimeDir is { HasValue: true } ? RuntimeDir.Value : Path.Combine(dir, "runtime");
        string cacheDir = FetcherCacheDir is { HasValue: true } ? FetcherCacheDir.Value : Path.Combine(dir, "fetcher-cache");
        var containerizer = new ProcessContainerizerOptions
        {
            RuntimeDirectory = runtimeDir,
            Isolation = isolation,
            CgroupsRoot = CgroupsRoot.Value,
            Fetcher = new Fetcher(cacheDirectory: cacheDir),
        };
        return new AgentHostOptions
        {
            EndPoint = new IPEndPoint(address, listenPort),
            Containerizer = containerizer,
            Agent = new AgentOptions
            {
                Master = master,
                MasterLocator = masterLocator,
                WorkDir = dir,
                Containerizer = null!,
                Hostname = hostname ?? (Hostname is { HasValue: true } ? Hostname.Value : Environment.MachineName),
                Ip = address.Equals(IPAddress.Any) ? "127.0.0.1" : address.ToString(),
                Resources = Messages.Resources.Parse(resourceText),
                Attributes = parsedAttributes,
                ExecutorShutdownGracePeriod = GracePeriod.Value,
                RegistrationBackoffFactor = RegistrationBackoff.Value,
                Recover = Recover.Value == "reconnect",
                CgroupsEnableCfs = CgroupsEnableCfs.Value,
                AuthToken = Credential is { HasValue: true } ? CredentialStore.LoadSingle(Credential.Value).Token : null,
                Log = log,
            },
        };
    }
}

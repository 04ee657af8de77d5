using System.Net;
using System.Text.Json;
using FastMesos.Coordination.Recipes;
using FastMesos.Hosting.Auth;
using FastMesos.Hosting.Flags;
using FastMesos.Hosting.Logging;
using FastMesos.Messages;
using FastMesos.Scheduler;
using FastMesos.Transport.Connections;

namespace FastMesos.Cli.Commands;

/// <summary>
/// <c>fastmesos execute</c>, after Mesos' <c>mesos-execute</c>: subscribe a framework, launch one
/// command task on the first offer that fits, print its status updates, exit 0 on TASK_FINISHED
/// and 1 otherwise (bad flags: usage and 1). <c>--master zk://host:port/path</c> follows the leading
/// master through ZooKeeper, resubscribing with the framework id after a master failover.
/// </summary>
internal static class ExecuteCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        var flags = new FlagSet("fastmesos execute");
        Flag<string> master = flags.AddRequired("master", "The master as HOST:PORT, or zk://host1:port1,.../path to follow the leading master in ZooKeeper.", FlagType.String);
        Flag<string> name = flags.AddRequired("name", "The task's name (its id is NAME-<random>).", FlagType.String);
        Flag<string> command = flags.AddRequired("command", "Shell command to run (/bin/sh -c).", FlagType.String);
        Flag<string> resources = flags.AddString("resources", "Resources the task needs.", "cpus:0.1;mem:32");
        Flag<string> role = flags.AddOptional("role", "Role to subscribe with (default '*').", FlagType.String);
        Flag<string> env = flags.AddOptional("env", "Environment as a JSON object, e.g. '{\"K\": \"v\"}' (or file:///path).", FlagType.String);
        Flag<string> uris = flags.AddOptional("uris", "Comma-separated URIs to fetch into the sandbox (http, https, file).", FlagType.String);
        Flag<string> frameworkName = flags.AddString("framework_name", "The framework's name.", "fastmesos-execute");
        Flag<string> credential = flags.AddOptional("credential", "File with the framework's principal and secret (for --authenticate_frameworks).", FlagType.String);
        Flag<TimeSpan> timeout = flags.AddOptional("timeout", "Give up (and kill the task) after this long, e.g. 5mins.", FlagType.Duration);
        Flag<DaemonLogLevel> level = flags.Add("logging_level", "Log messages at or above this level: INFO, WARNING, ERROR.", DaemonLog.LevelFlagType, DaemonLogLevel.Warning);
        if (!flags.TryParseOrReport(args, out int exit, stdout, stderr))
            return exit;

        SingleTaskOptions options;
        ZooKeeperMasterLocator? zooKeeper = null;
        try
        {
            var log = new DaemonLog(stderr, level.Value);
            EndPoint? endPoint = null;
            if (!Resources.TryParse(resources.Value, out _, out string? resourceError))
                throw new FormatException($"Failed to load flag 'resources': {resourceError}");
            if (ZooKeeperMasterLocator.IsZooKeeperUrl(master.Value))
                zooKeeper = StartZooKeeper(master.Value, log);
            else if (!MasterAddress.TryParse(master.Value, out endPoint, out string? masterError))
                throw new FormatException($"Failed to load flag 'master': {masterError}");
            options = new SingleTaskOptions
            {
                Master = endPoint,
                MasterLocator = zooKeeper,
                Name = name.Value,
                Command = command.Value,
                Resources = resources.Value,
                Role = role.HasValue ? role.Value : null,
                FrameworkName = frameworkName.Value,
                Environment = env.HasValue ? ParseEnvironment(FlagFiles.ReadValueOrFile(env.Value)) : [],
                Uris = uris.HasValue ? ParseUris(uris.Value) : [],
                Timeout = timeout.HasValue ? timeout.Value : Timeout.InfiniteTimeSpan,
                AuthToken = credential.HasValue ? CredentialStore.LoadSingle(credential.Value).Token : null,
                Log = log.ToAction("execute"),
            };
        }
        catch (FormatException e)
        {
            if (zooKeeper is not null)
                await zooKeeper.DisposeAsync().ConfigureAwait(false);
            await stderr.WriteAsync(flags.Usage(e.Message)).ConfigureAwait(false);
            return 1;
        }

        try
        {
            return await SingleTaskRunner.RunAsync(options, stdout, stop).ConfigureAwait(false);
        }
        finally
        {
            if (zooKeeper is not null)
                await zooKeeper.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static ZooKeeperMasterLocator StartZooKeeper(string url, DaemonLog log)
    {
        try
        {
            return ZooKeeperMasterLocator.Start(url, new ZooKeeperMasterLocatorOptions { Log = log.ToAction("execute") });
        }
        catch (FormatException e)
        {
            throw new FormatException($"Failed to load flag 'master': {e.Message}", e);
        }
    }

    private static List<EnvironmentVariable> ParseEnvironment(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new FormatException("Failed to load flag 'env': expected a JSON object of name → value");
            var variables = new List<EnvironmentVariable>();
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                    throw new FormatException($"Failed to load flag 'env': the value of '{property.Name}' must be a string");
                variables.Add(new EnvironmentVariable(property.Name, property.Value.GetString()!));
            }

            return variables;
        }
        catch (JsonException e)
        {
            throw new FormatException($"Failed to load flag 'env': invalid JSON: {e.Message}", e);
        }
    }

    private static List<CommandUri> ParseUris(string text)
    {
        var result = new List<CommandUri>();
        foreach (string uri in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            result.Add(new CommandUri(uri));
        return result;
    }
}

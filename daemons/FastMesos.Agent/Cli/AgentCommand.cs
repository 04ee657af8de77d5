using FastMesos.Hosting.Flags;
using FastMesos.Hosting.Logging;

namespace FastMesos.Agent.Cli;

/// <summary>
/// <c>fastmesos-agent</c> / <c>fastmesos agent</c>: parse the flags, start the agent, print where
/// it serves, run until the stop token fires. Tasks keep running when the agent stops; the next
/// start with the same --work_dir reattaches to them (--recover=reconnect). Exit codes: 0 after a
/// clean stop or --help, 1 for bad flags (with the usage), 2 when the agent could not start (or,
/// with --master=zk://, ZooKeeper named no leader within 30 s).
/// </summary>
public static class AgentCommand
{
    public const string Name = "fastmesos-agent";

    /// <summary>How long a --master=zk:// start waits for ZooKeeper to name a leader.</summary>
    private static readonly TimeSpan ZooKeeperResolveTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var flags = new FlagSet(Name);
        var agent = new AgentFlags(flags);
        Flag<DaemonLogLevel> level = flags.Add("logging_level", "Log messages at or above this level: INFO, WARNING, ERROR.", DaemonLog.LevelFlagType, DaemonLogLevel.Info);
        if (!flags.TryParseOrReport(args, out int exit, stdout, stderr))
            return exit;

        var log = new DaemonLog(stderr, level.Value);
        AgentHostOptions options;
        try
        {
            System.Net.EndPoint? master = null;
            if (agent.Master is { HasValue: true } flag && ZooKeeperMasterResolver.IsZooKeeperUrl(flag.Value))
            {
                try
                {
                    master = await ZooKeeperMasterResolver.ResolveAsync(flag.Value, ZooKeeperResolveTimeout, stop).ConfigureAwait(false);
                    log.Info("agent", $"Detected the leading master at {master}");
                }
                catch (Exception e) when (e is Coordination.ZooKeeperException or TimeoutException)
                {
                    log.Error("agent", $"Failed to detect the leading master in ZooKeeper: {e.Message}");
                    return 2;
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return 0;
                }
            }

            options = agent.Build(log.ToAction("agent"), master);
        }
        catch (FormatException e)
        {
            await stderr.WriteAsync(flags.Usage(e.Message)).ConfigureAwait(false);
            return 1;
        }

        AgentHost host;
        try
        {
            host = await AgentHost.StartAsync(options, stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            log.Error("agent", $"Failed to start the agent: {e.Message}");
            return 2;
        }

        await using (host.ConfigureAwait(false))
        {
            await stdout.WriteLineAsync($"Agent listening on {host.Url} (work_dir {options.Agent.WorkDir})").ConfigureAwait(false);
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.WhenAny(Task.Delay(Timeout.Infinite, stop), host.Runtime.Stopped).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            log.Info("agent", stop.IsCancellationRequested ? "Agent stopping" : "Agent runtime stopped (shut down by the master)");
        }

        return 0;
    }
}

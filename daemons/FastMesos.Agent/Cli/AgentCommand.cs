using FastMesos.Coordination.Recipes;
using FastMesos.Hosting.Flags;
using FastMesos.Hosting.Logging;

namespace FastMesos.Agent.Cli;

/// <summary>
/// <c>fastmesos-agent</c> / <c>fastmesos agent</c>: parse the flags, start the agent, print where
/// it serves, run until the stop token fires. Tasks keep running when the agent stops; the next
/// start with the same --work_dir reattaches to them (--recover=reconnect). Exit codes: 0 after a
/// clean stop or --help, 1 for bad flags (with the usage), 2 when the agent could not start. With --master=zk://
/// the agent follows the leading master through ZooKeeper for its whole life (waiting while none
/// is elected or ZooKeeper is unreachable, re-registering with each new leader).
/// </summary>
public static class AgentCommand
{
    public const string Name = "fastmesos-agent";

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
        ZooKeeperMasterLocator? zooKeeper = null;
        try
        {
            if (agent.Master is { HasValue: true } flag && ZooKeeperMasterLocator.IsZooKeeperUrl(flag.Value))
            {
                try
                {
                    zooKeeper = ZooKeeperMasterLocator.Start(flag.Value, new ZooKeeperMasterLocatorOptions { Log = log.ToAction("agent") });
                }
                catch (FormatException e)
                {
                    throw new FormatException($"Failed to load flag 'master': {e.Message}", e);
                }
            }

            options = agent.Build(log.ToAction("agent"), masterLocator: zooKeeper);
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
            return await RunHostAsync(options, log, stdout, stop).ConfigureAwait(false);
        }
        finally
        {
            // After the host: the runtime's dialer follows the locator until it stops.
            if (zooKeeper is not null)
                await zooKeeper.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<int> RunHostAsync(AgentHostOptions options, DaemonLog log, TextWriter stdout, CancellationToken stop)
    {
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

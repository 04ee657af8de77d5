using FastMesos.Coordination;
using FastMesos.Coordination.Recipes;
using FastMesos.Hosting.Flags;
using FastMesos.Hosting.Logging;

namespace FastMesos.Marathon.Cli;

/// <summary>
/// <c>fastmesos-marathon</c> / <c>fastmesos marathon</c>: parse Marathon's flags, start Marathon,
/// print where its API serves, run until the stop token fires. Exit codes: 0 after a clean stop or
/// --help, 1 for bad flags (reason and usage), 111 when the HTTP port cannot be bound (Marathon's
/// code), 100 when ZooKeeper (--zk) cannot be reached, 2 when it could not start otherwise; with HA,
/// Marathon's own exits: 105 after abdicating (DELETE /v2/leader), 103 leadership lost (the ZooKeeper
/// session), 101 the session lost as a standby, 104 the state could not be loaded on election.
/// </summary>
public static class MarathonCommand
{
    public const string Name = "fastmesos-marathon";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var flags = new FlagSet(Name);
        var marathon = new MarathonFlags(flags);
        Flag<DaemonLogLevel> level = flags.Add("logging_level", "Log messages at or above this level: INFO, WARNING, ERROR.", DaemonLog.LevelFlagType, DaemonLogLevel.Info);
        if (!flags.TryParseOrReport(args, out int exit, stdout, stderr))
            return exit;
        FlagParseResult parsed = flags.Parse(args);
        var log = new DaemonLog(stderr, parsed.Get(level));
        MarathonOptions options;
        string? zooKeeperMaster;
        try
        {
            options = marathon.Build(parsed, log.ToAction("marathon"), out zooKeeperMaster);
        }
        catch (FormatException e)
        {
            await stderr.WriteAsync(flags.Usage(e.Message)).ConfigureAwait(false);
            return 1;
        }

        ZooKeeperMasterLocator? locator = zooKeeperMaster is null ? null
            : ZooKeeperMasterLocator.Start(zooKeeperMaster, new ZooKeeperMasterLocatorOptions { Log = log.ToAction("marathon") });
        try
        {
            MarathonHost host;
            try
            {
                host = await MarathonHost.StartAsync(options with { MasterLocator = locator }, stop).ConfigureAwait(false);
            }
            catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
            {
                log.Error("marathon", $"Failed to bind the HTTP port: {e.Message}");
                return 111;
            }
            catch (Exception e) when (e is ZooKeeperException or TimeoutException)
            {
                log.Error("marathon", $"Failed to connect to ZooKeeper: {e.Message}");
                return 100;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                log.Error("marathon", $"Failed to start Marathon: {e.Message}");
                return 2;
            }

            await using (host.ConfigureAwait(false))
            {
                await stdout.WriteLineAsync($"Marathon listening on {host.Url}").ConfigureAwait(false);
                await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                Task stopped = Task.Delay(Timeout.Infinite, stop);
                if (await Task.WhenAny(stopped, host.Exited).ConfigureAwait(false) == host.Exited)
                {
                    log.Info("marathon", $"Marathon exiting with code {host.Exited.Result}");
                    return host.Exited.Result;
                }
                log.Info("marathon", "Marathon stopping");
            }
            return 0;
        }
        finally
        {
            if (locator is not null)
                await locator.DisposeAsync().ConfigureAwait(false);
        }
    }
}

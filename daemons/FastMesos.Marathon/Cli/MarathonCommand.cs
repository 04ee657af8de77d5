using FastMesos.Coordination.Recipes;
using FastMesos.Hosting.Flags;
using FastMesos.Hosting.Logging;

namespace FastMesos.Marathon.Cli;

/// <summary>
/// <c>fastmesos-marathon</c> / <c>fastmesos marathon</c>: parse Marathon's flags, start Marathon,
/// print where its API serves, run until the stop token fires. Exit codes: 0 after a clean stop or
/// --help, 1 for bad flags (reason and usage), 111 when the HTTP port cannot be bound (Marathon's
/// code), 2 when it could not start otherwise.
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
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                log.Error("marathon", $"Failed to start Marathon: {e.Message}");
                return 2;
            }

            await using (host.ConfigureAwait(false))
            {
                await stdout.WriteLineAsync($"Marathon listening on {host.Url}").ConfigureAwait(false);
                await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                try
                {
                    await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
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

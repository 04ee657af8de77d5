using FastMesos.Engine;
using FastMesos.Hosting.Flags;
using FastMesos.Hosting.Logging;

namespace FastMesos.Master.Cli;

/// <summary>
/// <c>fastmesos-master</c> / <c>fastmesos master</c>: parse the flags, start the master, print
/// where it serves, and run until the stop token fires (SIGINT/SIGTERM in the executables).
/// Exit codes: 0 after a clean stop or --help, 1 for bad flags (with the usage), 2 when the master
/// could not start (the port is taken, say), 3 when an HA master lost its leadership (its ZooKeeper
/// session, or its registry could not be recovered or stored): like Mesos it exits and leaves the
/// restart to its supervisor. A standby that loses its session rejoins instead.
/// </summary>
public static class MasterCommand
{
    public const string Name = "fastmesos-master";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var flags = new FlagSet(Name);
        var master = new MasterFlags(flags);
        Flag<DaemonLogLevel> level = flags.Add("logging_level", "Log messages at or above this level: INFO, WARNING, ERROR.", DaemonLog.LevelFlagType, DaemonLogLevel.Info);
        if (!flags.TryParseOrReport(args, out int exit, stdout, stderr))
            return exit;
        FlagParseResult parsed = flags.Parse(args);

        var log = new DaemonLog(stderr, parsed.Get(level));
        MasterConfiguration configuration;
        try
        {
            configuration = master.Build(parsed, log.ToAction("master"));
        }
        catch (FormatException e)
        {
            stderr.Write(flags.Usage(e.Message));
            return 1;
        }

        if (configuration.WarmupAgents > 0 && !await WarmUpAsync(configuration, log, stop).ConfigureAwait(false))
            return 0;

        MasterHost host;
        try
        {
            host = await MasterHost.StartAsync(configuration.Server, configuration.Weights, configuration.Quotas, stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or EngineException or IOException or Coordination.ZooKeeperException)
        {
            log.Error("master", $"Failed to start the master: {e.Message}");
            return 2;
        }

        await using (host.ConfigureAwait(false))
        {
            log.Info("master", $"Master {configuration.Server.Core.MasterId} (master@{configuration.Server.Core.Ip}:{host.EndPoint.Port}) started");
            log.Info("master", $"Garbage collector: {Hosting.DaemonGc.Describe()}");
            if (Hosting.InlineSocketCompletions.Enabled)
                log.Info("master", $"Socket continuations run on the event threads ({Hosting.InlineSocketCompletions.Variable}=1)");
            await stdout.WriteLineAsync($"Master listening on {host.Url}").ConfigureAwait(false);
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            Task stopped = Task.Delay(Timeout.Infinite, stop);
            if (await Task.WhenAny(stopped, host.LeadershipLost).ConfigureAwait(false) != stopped)
            {
                log.Error("master", $"Lost leadership ({host.LostReason ?? "unknown reason"})... committing suicide!");
                return 3;
            }

            log.Info("master", "Master stopping");
        }

        return 0;
    }

    // The warm-up only makes the first minutes faster: a failed one is logged and the master starts
    // anyway. False when the stop came during it.
    private static async Task<bool> WarmUpAsync(MasterConfiguration configuration, DaemonLog log, CancellationToken stop)
    {
        try
        {
            TimeSpan took = await Warmup.MasterWarmup.RunAsync(configuration.Server, configuration.WarmupAgents, stop).ConfigureAwait(false);
            log.Info("master", $"Warmed up with {configuration.WarmupAgents} loopback agents in {took.TotalSeconds:F2} s");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e) when (e is OperationCanceledException or System.Net.Sockets.SocketException or IOException or EngineException)
        {
            log.Warn("master", $"The warm-up failed ({e.GetType().Name}: {e.Message}); starting without it");
        }

        return true;
    }
}

using System.Diagnostics;
using FastMesos.Agent.Cli;
using FastMesos.Hosting.Flags;
using FastMesos.Hosting.Logging;
using FastMesos.Marathon.Cli;
using FastMesos.Master.Cli;

namespace FastMesos.Cli.Commands;

/// <summary>
/// <c>fastmesos local</c>: the single-machine cluster the README starts. A master and N agents in
/// one process, each agent with its own work directory and a <c>rack_id</c> attribute, tasks in
/// real processes and cgroups. Prints the URLs once every agent has registered; on SIGINT/SIGTERM
/// kills the tasks it started and stops. Exit codes: 0 after a clean stop or --help, 1 for bad
/// flags, 2 when the cluster could not start.
/// </summary>
internal static class LocalCommand
{
    private const string DefaultWorkDir = "/tmp/fastmesos/local";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        var flags = new FlagSet("fastmesos local");
        var masterFlags = new MasterFlags(flags);
        var agentFlags = new AgentFlags(flags, local: true);
        Flag<int> agentCount = flags.AddInt("agents", "Number of agents.", 3);
        Flag<int> marathonPort = flags.AddInt("marathon_port", "Port of Marathon's REST API (0 picks a free one, -1 runs no Marathon).", 8080);
        Flag<DaemonLogLevel> level = flags.Add("logging_level", "Log messages at or above this level: INFO, WARNING, ERROR.", DaemonLog.LevelFlagType, DaemonLogLevel.Warning);
        if (!flags.TryParseOrReport(args, out int exit, stdout, stderr))
            return exit;

        var log = new DaemonLog(stderr, level.Value);
        int count = agentCount.Value;
        string workDir = Path.GetFullPath(masterFlags.WorkDir.HasValue ? masterFlags.WorkDir.Value : DefaultWorkDir);
        MasterConfiguration master;
        var agents = new List<AgentHostOptions>(Math.Max(count, 0));
        try
        {
            if (count is < 1 or > 64)
                throw new FormatException($"Failed to load flag 'agents': {count} is not between 1 and 64");
            master = masterFlags.Build(flags.Parse(args), log.ToAction("master"));
            string host = master.Server.Core.Ip;
            for (int i = 0; i < count; i++)
            {
                string rack = "rack_id:rack-" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                string attributes = agentFlags.Attributes.HasValue
                    ? (agentFlags.Attributes.Value.Contains("rack_id:", StringComparison.Ordinal) ? agentFlags.Attributes.Value : rack + ";" + agentFlags.Attributes.Value)
                    : rack;
                agents.Add(agentFlags.Build(log.ToAction("agent" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    master: master.Server.EndPoint, ip: host, workDir: Path.Combine(workDir, "agent-" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    attributes: attributes, port: 0, hostname: master.Server.Core.Hostname));
            }
        }
        catch (FormatException e)
        {
            await stderr.WriteAsync(flags.Usage(e.Message)).ConfigureAwait(false);
            return 1;
        }

        await using var cluster = new LocalCluster(log);
        try
        {
            await cluster.StartAsync(master, agents, stop).ConfigureAwait(false);
            await cluster.WaitForAgentsAsync(count, TimeSpan.FromSeconds(30), stop).ConfigureAwait(false);
            if (marathonPort.Value >= 0)
            {
                await cluster.StartMarathonAsync(new MarathonOptions
                {
                    WorkDir = Path.Combine(workDir, "marathon"),
                    HttpEndPoint = new System.Net.IPEndPoint(master.Server.EndPoint.Address, marathonPort.Value),
                    Hostname = master.Server.Core.Hostname,
                    Log = log.ToAction("marathon"),
                }, stop).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or TimeoutException or InvalidOperationException)
        {
            log.Error("local", $"Failed to start the cluster: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }

        await stdout.WriteLineAsync($"FastMesos local cluster ready in {clock.ElapsedMilliseconds} ms: master and {count} agent(s), work_dir {workDir}").ConfigureAwait(false);
        await stdout.WriteLineAsync($"  master      {cluster.Master!.Url}   (state: {cluster.Master.Url}master/state)").ConfigureAwait(false);
        for (int i = 0; i < cluster.Agents.Count; i++)
            await stdout.WriteLineAsync($"  agent {i + 1,-5} {cluster.Agents[i].Url}   (state: {cluster.Agents[i].Url}state)").ConfigureAwait(false);
        if (cluster.Marathon is { } marathon)
            await stdout.WriteLineAsync($"  marathon    {marathon.Url}   (apps: {marathon.Url}v2/apps)").ConfigureAwait(false);
        await stdout.WriteLineAsync($"Run a task: ./fastmesos execute --master={cluster.Master.EndPoint} --name=hello --command='echo hello'").ConfigureAwait(false);
        await stdout.WriteLineAsync("Stop with Ctrl-C.").ConfigureAwait(false);
        await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await stdout.WriteLineAsync("Stopping: Marathon, then the tasks, the agents and the master.").ConfigureAwait(false);
        await cluster.KillAllTasksAsync().ConfigureAwait(false);
        return 0;
    }
}

using System.Globalization;
using FastMesos.Cli;
using FastMesos.Coordination;
using FastMesos.Coordination.Tests;
using FastMesos.Hosting;
using FastMesos.Cluster.Tests.Support;

namespace FastMesos.Cluster.Tests;

/// <summary>
/// The <c>./fastmesos</c> script of the README runs every command of the fastmesos executable.
/// It once answered "unknown command" to <c>./fastmesos marathon</c>, which its own usage and the
/// README document. The script runs from a copy whose <c>.build/fastmesos</c> is this test's output
/// (with a fresh build stamp and no sources beside it, the script builds nothing).
/// </summary>
public sealed class LauncherTests : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string _root = Directory.CreateTempSubdirectory("fastmesos-launcher-").FullName;

    public LauncherTests()
    {
        File.Copy(Path.Combine(RepositoryRoot(), "fastmesos"), Path.Combine(_root, "fastmesos"));
        string build = Directory.CreateDirectory(Path.Combine(_root, ".build")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(build, "fastmesos"), AppContext.BaseDirectory.TrimEnd('/'));
        File.WriteAllText(Path.Combine(build, "build.stamp"), "");
    }

    [Fact]
    public async Task Every_command_of_the_executable_runs_through_the_script()
    {
        Assert.Contains("marathon", CliCommands.Commands);
        foreach (string command in CliCommands.Commands)
        {
            Outcome child = await RunScriptAsync(command, "--help");
            Assert.True(child.ExitCode == 0, $"./fastmesos {command} --help exited {child.ExitCode}: {child.Stderr}");
            Assert.StartsWith("Usage: fastmesos", child.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("unknown command", child.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_command_is_named_with_exit_code_2_and_the_usage_lists_every_command()
    {
        Outcome unknown = await RunScriptAsync("mastr");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown command 'mastr'", unknown.Stderr, StringComparison.Ordinal);

        Outcome help = await RunScriptAsync("help");
        Assert.Equal(0, help.ExitCode);
        foreach (string command in CliCommands.Commands)
            Assert.Contains($"\n  {command} ", help.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_master_collects_with_the_daemons_gen0_budget_unless_the_operator_set_one()
    {
        AssertCollector(DaemonGc.Gen0Size, await MasterCollectorAsync(null));
        AssertCollector("0x2000000", await MasterCollectorAsync("0x2000000"));
    }

    private static void AssertCollector(string gen0Size, string described)
    {
        const string Threshold = " lohthreshold=";
        Assert.StartsWith($"workstation concurrent gen0size={gen0Size}{Threshold}", described, StringComparison.Ordinal);
        // From the executable's runtimeconfig.json, not the script: 4 MiB, which the runtime caps
        // at its region size less an object header.
        long threshold = long.Parse(described[(described.IndexOf(Threshold, StringComparison.Ordinal) + Threshold.Length)..], CultureInfo.InvariantCulture);
        Assert.InRange(threshold, 4L * 1024 * 1024 - 1024, 4L * 1024 * 1024);
    }

    [Fact]
    public async Task Zookeeper_runs_a_server_that_takes_sessions_and_keeps_its_data_across_a_restart()
    {
        int port = ZooKeeperServer.FreePort();
        string dataDir = Path.Combine(_root, "zookeeper");
        string connect = "zk://127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] args = [Path.Combine(_root, "fastmesos"), "zookeeper", "--port=" + port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data_dir=" + dataDir];
        using (ChildProcess zk = ChildProcess.Start("bash", args))
        {
            await zk.WaitForLineAsync(l => l.StartsWith($"ZooKeeper on {connect} ", StringComparison.Ordinal), "the server's line", CommandTimeout);
            await using ZooKeeperClient client = await ConnectAsync(connect);
            await client.CreateAsync("/launcher-test", "kept"u8.ToArray());
        }

        // The same --data_dir again: a new process, the same data (Ctrl-C and start again keeps it).
        using (ChildProcess zk = ChildProcess.Start("bash", args))
        {
            await zk.WaitForLineAsync(l => l.StartsWith($"ZooKeeper on {connect} ", StringComparison.Ordinal), "the server's line", CommandTimeout);
            await using ZooKeeperClient client = await ConnectAsync(connect);
            (byte[] data, _) = await client.GetDataAsync("/launcher-test");
            Assert.Equal("kept", System.Text.Encoding.UTF8.GetString(data));
        }
    }

    [Fact]
    public async Task Zookeeper_names_a_bad_flag_and_exits_1()
    {
        Outcome port = await RunScriptAsync("zookeeper", "--port=21x");
        Assert.Equal(1, port.ExitCode);
        Assert.Contains("--port must be a number from 1 to 65535, not '21x'", port.Stderr, StringComparison.Ordinal);
        Outcome zero = await RunScriptAsync("zookeeper", "--port=0");
        Assert.Equal(1, zero.ExitCode);
        Assert.Contains("not '0'", zero.Stderr, StringComparison.Ordinal);
        Outcome unknown = await RunScriptAsync("zookeeper", "--prot=2181");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("unknown flag '--prot=2181'", unknown.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A session with the server, retried while it is still starting (its JVM takes a few seconds).</summary>
    private static async Task<ZooKeeperClient> ConnectAsync(string connect)
    {
        ZooKeeperClient? client = null;
        await Eventually.Until(async () =>
        {
            try
            {
                client = await ZooKeeperClient.ConnectAsync(connect,
                    new ZooKeeperClientOptions { SessionTimeout = TimeSpan.FromSeconds(4), ConnectTimeout = TimeSpan.FromSeconds(2) });
                return true;
            }
            catch (ZooKeeperException)
            {
                return false;
            }
        }, "a session with the launcher's ZooKeeper", CommandTimeout);
        return client!;
    }

    /// <summary>Starts <c>./fastmesos master</c> and returns what its log says of its garbage collector.</summary>
    private async Task<string> MasterCollectorAsync(string? gen0Size)
    {
        const string Prefix = "Garbage collector: ";
        using ChildProcess master = ChildProcess.Start(
            "bash", [Path.Combine(_root, "fastmesos"), "master", "--ip=127.0.0.1", "--port=0"],
            // The test host's own value (unset in CI) must not decide the first case.
            [new(DaemonGc.Gen0SizeVariable, gen0Size ?? "")]);
        await master.WaitForLineAsync(static l => l.StartsWith("Master listening on ", StringComparison.Ordinal), "the listening line", CommandTimeout);
        await Eventually.Until(() => master.Stderr.Contains(Prefix, StringComparison.Ordinal), "the master's garbage-collector line");
        string stderr = master.Stderr;
        int at = stderr.IndexOf(Prefix, StringComparison.Ordinal) + Prefix.Length;
        int end = stderr.IndexOf('\n', at);
        return end < 0 ? stderr[at..] : stderr[at..end];
    }

    private async Task<Outcome> RunScriptAsync(params string[] args)
    {
        using ChildProcess child = ChildProcess.Start("bash", [Path.Combine(_root, "fastmesos"), .. args]);
        await child.WaitForExitAsync(CommandTimeout);
        return new Outcome(child.ExitCode, child.Stdout, child.Stderr);
    }

    private sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    /// <summary>The nearest folder above the test's output that holds FastMesos.sln and the script.</summary>
    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FastMesos.sln")) && File.Exists(Path.Combine(dir.FullName, "fastmesos")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException("no folder above " + AppContext.BaseDirectory + " holds FastMesos.sln and ./fastmesos");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

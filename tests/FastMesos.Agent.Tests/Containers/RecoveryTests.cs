using System.Text.Json;
using FastMesos.Agent.Containers;

namespace FastMesos.Agent.Tests.Containers;

/// <summary>Containers outlive the agent that started them, and a new agent reattaches from the checkpoint.</summary>
public sealed class RecoveryTests : ContainerTestBase
{
    /// <summary>A task that shows it is alive by appending to <c>ticks</c> in its sandbox.</summary>
    const string Ticker = "while :; do echo tick >> ticks; sleep 0.05; done";

    [Fact]
    public async Task A_container_survives_its_containerizer_and_is_recovered_running_then_killed()
    {
        var first = env.Containerizer();
        ContainerHandle launched = await env.LaunchAsync(first, env.ShellLaunch(Ticker));
        // The agent goes away: this also disposes the Process object that started the wrapper.
        await first.DisposeAsync();
        ContainerCheckpoint checkpoint = RoundTrip(launched.Checkpoint);

        await AssertKeepsRunningAsync(checkpoint, "its starter was disposed");
        ContainerTermination end = await RecoverAndKillAsync(checkpoint);
        Assert.False(end.Recovered);
        Assert.False(launched.Exited.IsCompleted); // the abandoned handle never completes
    }

    [Fact]
    public async Task A_container_without_cgroups_is_recovered_through_its_session()
    {
        var first = env.Containerizer("posix/cpu,posix/mem");
        ContainerHandle launched = await env.LaunchAsync(first, env.ShellLaunch(Ticker));
        await first.DisposeAsync();
        ContainerCheckpoint checkpoint = RoundTrip(launched.Checkpoint);

        Assert.Empty(checkpoint.Cgroups);
        await AssertKeepsRunningAsync(checkpoint, "its starter was disposed");
        await RecoverAndKillAsync(checkpoint);
    }

    [Fact]
    public async Task A_container_that_exited_while_the_agent_was_away_is_recovered_with_its_exit_status()
    {
        var first = env.Containerizer();
        ContainerHandle launched = await env.LaunchAsync(first, env.ShellLaunch("while [ ! -e go ]; do sleep 0.01; done; exit 7"));
        await first.DisposeAsync();
        ContainerCheckpoint checkpoint = RoundTrip(launched.Checkpoint);

        File.WriteAllText(Path.Join(checkpoint.SandboxDirectory, "go"), "");
        await Eventually.Until(() => !ProcStat.IsAlive(checkpoint.Pid, checkpoint.ProcessStartTicks), "the container to exit while nobody watches");

        ContainerHandle recovered = env.Containerizer().Recover(checkpoint);

        Assert.True(recovered.Exited.IsCompleted, "a container found dead completes on Recover");
        ContainerTermination end = await recovered.Exited;
        Assert.True(end.Recovered);
        Assert.Equal(7, end.ExitCode);
        Assert.Equal("Command exited with status 7", end.Message);
        foreach (string dir in checkpoint.Cgroups.Values)
        {
            Assert.False(Directory.Exists(dir), dir + " should be removed");
        }
    }

    [Fact]
    public async Task A_container_outlives_the_agent_process_killed_with_SIGKILL()
    {
        string id = "agent-death-" + Guid.NewGuid().ToString("N")[..8];
        string sandbox = Sandbox.Create(env.WorkDirectory, "agent-1", "framework-1", "executor-1", id);
        using var agent = AgentProcess.Start(env.RuntimeDirectory, env.CgroupsRoot, sandbox, id, Ticker);
        string? line = await Eventually.Within(agent.StandardOutput.ReadLineAsync(), "the agent process to launch its container");
        ContainerCheckpoint checkpoint = JsonSerializer.Deserialize<ContainerCheckpoint>(line!)!;

        agent.Kill();
        await agent.WaitForExitAsync();

        Assert.Contains(checkpoint.Pid, CgroupsV1.ReadProcs(checkpoint.Cgroups["memory"]));
        await AssertKeepsRunningAsync(checkpoint, "the agent died");
        await RecoverAndKillAsync(checkpoint);
    }

    /// <summary>The wrapper lives on and the task (which appends to <c>ticks</c>) keeps making progress.</summary>
    static async Task AssertKeepsRunningAsync(ContainerCheckpoint checkpoint, string after)
    {
        Assert.True(ProcStat.IsAlive(checkpoint.Pid, checkpoint.ProcessStartTicks), "the wrapper died when " + after);
        string ticks = Path.Join(checkpoint.SandboxDirectory, "ticks");
        long size = FileSize(ticks);
        await Eventually.Until(() => FileSize(ticks) > size, "the task to keep running after " + after);
    }

    /// <summary>A new containerizer reattaches to the running container and kills it with SIGTERM.</summary>
    async Task<ContainerTermination> RecoverAndKillAsync(ContainerCheckpoint checkpoint)
    {
        var containerizer = env.Containerizer();
        ContainerHandle recovered = containerizer.Recover(checkpoint);
        env.Track(recovered);
        Assert.False(recovered.Exited.IsCompleted);
        Assert.Equal(checkpoint.Pid, recovered.Pid);
        Assert.NotNull(containerizer.Usage(recovered));

        await containerizer.KillAsync(recovered, TimeSpan.FromSeconds(30));
        ContainerTermination end = await recovered.Exited;
        Assert.True(end.Killed);
        Assert.Equal(15, end.Signal);
        foreach (string dir in checkpoint.Cgroups.Values)
        {
            Assert.False(Directory.Exists(dir), dir + " should be removed");
        }
        return end;
    }

    /// <summary>The runtime keeps checkpoints as JSON; recover from what JSON gives back.</summary>
    static ContainerCheckpoint RoundTrip(ContainerCheckpoint checkpoint) =>
        JsonSerializer.Deserialize<ContainerCheckpoint>(JsonSerializer.Serialize(checkpoint))!;

    static long FileSize(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}

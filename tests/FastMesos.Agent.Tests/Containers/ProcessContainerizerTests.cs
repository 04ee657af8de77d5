using System.Diagnostics;
using FastMesos.Agent.Containers;
using FastMesos.Messages;
using Microsoft.Extensions.Time.Testing;

namespace FastMesos.Agent.Tests.Containers;

/// <summary>The process containerizer with real processes and real cgroups v1 (the tests run as root).</summary>
public sealed class ProcessContainerizerTests : ContainerTestBase
{
    [Fact]
    public async Task A_command_runs_in_its_sandbox_and_reports_its_exit_status()
    {
        var containerizer = env.Containerizer();
        Assert.True(containerizer.CgroupsEnabled);
        ContainerLaunch launch = env.ShellLaunch("echo hi; echo oops >&2; pwd > where; exit 3");
        ContainerHandle handle = await env.LaunchAsync(containerizer, launch);

        ContainerTermination end = await Eventually.Within(handle.Exited, "the container to exit");

        Assert.Equal(3, end.ExitCode);
        Assert.Null(end.Signal);
        Assert.False(end.Killed || end.OutOfMemory || end.Recovered);
        Assert.Equal("Command exited with status 3", end.Message);
        Assert.Equal("hi\n", File.ReadAllText(Path.Join(launch.SandboxDirectory, "stdout")));
        Assert.Equal("oops\n", File.ReadAllText(Path.Join(launch.SandboxDirectory, "stderr")));
        Assert.Equal(launch.SandboxDirectory + "\n", File.ReadAllText(Path.Join(launch.SandboxDirectory, "where")));
        foreach (string dir in handle.Checkpoint.Cgroups.Values)
        {
            Assert.False(Directory.Exists(dir), dir + " should be removed");
        }
        Assert.Null(containerizer.Usage(handle));
    }

    [Fact]
    public async Task Processes_a_command_leaves_behind_are_killed_when_it_ends()
    {
        var containerizer = env.Containerizer();
        ContainerLaunch launch = env.ShellLaunch("sleep 300 & echo $! > daemon.pid; exit 0");
        ContainerHandle handle = await env.LaunchAsync(containerizer, launch);

        ContainerTermination end = await Eventually.Within(handle.Exited, "the container to end");

        Assert.Equal(0, end.ExitCode);
        int daemon = int.Parse(File.ReadAllText(Path.Join(launch.SandboxDirectory, "daemon.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.Until(() => ProcStat.TryRead(daemon) is not { IsZombie: false }, "the background sleep to be gone");
        Assert.False(Directory.Exists(ContainerTestEnvironment.CgroupOf(handle, "memory")));
    }

    [Fact]
    public async Task A_running_container_sits_in_its_own_cgroups_with_its_limits_and_session()
    {
        var containerizer = env.Containerizer();
        ContainerHandle handle = await env.LaunchAsync(containerizer, env.ShellLaunch("sleep 100", cpus: 0.5, memoryBytes: 64L << 20, cpuQuota: true));

        string cpu = ContainerTestEnvironment.CgroupOf(handle, "cpu");
        string memory = ContainerTestEnvironment.CgroupOf(handle, "memory");
        Assert.Equal(Path.Join(containerizer.CgroupRootDirectories["cpu"], handle.ContainerId), cpu);
        Assert.StartsWith(OwnCgroup("memory") + "/" + env.CgroupsRoot + "/", memory, StringComparison.Ordinal);
        Assert.Equal(512, CgroupsV1.ReadLong(cpu, "cpu.shares"));
        Assert.Equal(100_000, CgroupsV1.ReadLong(cpu, "cpu.cfs_period_us"));
        Assert.Equal(50_000, CgroupsV1.ReadLong(cpu, "cpu.cfs_quota_us"));
        Assert.Equal(64L << 20, CgroupsV1.ReadLong(memory, "memory.limit_in_bytes"));
        Assert.Contains(handle.Pid, CgroupsV1.ReadProcs(memory));
        Assert.Contains(handle.Pid, CgroupsV1.ReadProcs(cpu));
        // The wrapper leads its own session: a signal to the agent's process group cannot reach it.
        Assert.Equal(handle.Pid, ProcStat.TryRead(handle.Pid)!.Value.Session);
        await Eventually.Until(() => CgroupsV1.ReadProcs(memory).Count >= 2, "the command to start inside the memory cgroup");

        await containerizer.KillAsync(handle, TimeSpan.FromSeconds(30));
        ContainerTermination end = await handle.Exited;
        Assert.True(end.Killed);
        Assert.Equal(15, end.Signal);
        Assert.Equal("Command terminated with signal Terminated", end.Message);
        Assert.False(Directory.Exists(cpu));
        Assert.False(Directory.Exists(memory));
    }

    [Fact]
    public async Task Kill_escalates_to_SIGKILL_after_the_grace_period_when_SIGTERM_is_ignored()
    {
        var clock = new FakeTimeProvider();
        var containerizer = env.Containerizer(time: clock);
        ContainerHandle handle = await env.LaunchAsync(containerizer, env.ShellLaunch("trap '' TERM; sleep 100"));
        // wrapper, the task's shell and its sleep: the trap is in place once sleep runs.
        await Eventually.Until(() => containerizer.Usage(handle)?.Processes >= 3, "the trapping shell to start sleep");

        // SIGTERM goes out before KillAsync first waits; the grace period then runs on the fake clock.
        Task kill = containerizer.KillAsync(handle, TimeSpan.FromHours(1));
        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.False(kill.IsCompleted);
        Assert.False(handle.Exited.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1));
        // Cleanup polls (drain, rmdir) also run on the clock: keep it moving until the kill completes.
        await Eventually.Until(() =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
            return kill.IsCompleted;
        }, "the kill to complete after the grace period");

        await kill;
        ContainerTermination end = await handle.Exited;
        Assert.True(end.Killed);
        Assert.Equal(9, end.Signal);
        Assert.Equal("Command terminated with signal Killed", end.Message);
        await containerizer.KillAsync(handle, TimeSpan.FromHours(1)); // a no-op on an ended container
    }

    [Fact]
    public async Task The_memory_cgroup_OOM_killer_ending_a_task_is_reported_as_a_memory_limitation()
    {
        var containerizer = env.Containerizer();
        ContainerHandle handle = await env.LaunchAsync(containerizer,
            env.ShellLaunch("x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo survived", memoryBytes: 32L << 20));

        ContainerTermination end = await Eventually.Within(handle.Exited, "the memory hog to be OOM-killed");

        Assert.True(end.OutOfMemory, end.Message);
        Assert.StartsWith("Memory limit exceeded: Requested: 32MB Maximum Used: ", end.Message, StringComparison.Ordinal);
        Assert.False(end.Killed);
        Assert.False(Directory.Exists(ContainerTestEnvironment.CgroupOf(handle, "memory")));
    }

    [Fact]
    public async Task Usage_reads_the_cgroup_counters()
    {
        var containerizer = env.Containerizer();
        ContainerHandle handle = await env.LaunchAsync(containerizer,
            env.ShellLaunch("i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; echo busy-done; sleep 100", cpus: 1.5, memoryBytes: 48L << 20));
        string sandbox = handle.Checkpoint.SandboxDirectory;
        await Eventually.Until(() => File.Exists(Path.Join(sandbox, "stdout")) && File.ReadAllText(Path.Join(sandbox, "stdout")).Contains("busy-done"), "the busy loop to finish");

        ContainerUsage usage = containerizer.Usage(handle)!.Value;

        Assert.True(usage.CpusUserTimeSecs + usage.CpusSystemTimeSecs > 0, $"cpu time {usage}");
        Assert.Equal(1.5, usage.CpusLimit);
        Assert.Equal(48L << 20, usage.MemLimitBytes);
        Assert.InRange(usage.MemRssBytes, 1, 48L << 20);
        Assert.InRange(usage.MemMaxRssBytes, 1, 48L << 20);
        Assert.True(usage.Processes >= 2, $"processes {usage.Processes}");
        await containerizer.KillAsync(handle, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_argv_form_runs_value_with_the_arguments_and_the_environment()
    {
        var containerizer = env.Containerizer();
        ContainerLaunch launch = env.Launch(new CommandInfo
        {
            Value = "/bin/sh",
            Shell = false,
            Arguments = ["sh", "-c", "echo \"$1|$GREETING|$MESOS_SANDBOX\"", "argv0", "a b"],
            Environment = [new EnvironmentVariable("GREETING", "hello")],
        });
        ContainerHandle handle = await env.LaunchAsync(containerizer, launch);

        ContainerTermination end = await Eventually.Within(handle.Exited, "the container to exit");

        Assert.Equal(0, end.ExitCode);
        Assert.Equal($"a b|hello|{launch.SandboxDirectory}\n", File.ReadAllText(Path.Join(launch.SandboxDirectory, "stdout")));
    }

    [Fact]
    public async Task A_launch_with_a_user_runs_the_command_as_that_user_in_a_sandbox_it_owns()
    {
        var containerizer = env.Containerizer();
        ContainerLaunch launch = env.ShellLaunch("id -u; id -g; touch mine") with { User = "nobody" };
        ContainerHandle handle = await env.LaunchAsync(containerizer, launch);

        ContainerTermination end = await Eventually.Within(handle.Exited, "the container to exit");

        Assert.Equal(0, end.ExitCode);
        Assert.Equal("65534\n65534\n", File.ReadAllText(Path.Join(launch.SandboxDirectory, "stdout")));
        Assert.Equal(65534, OwnerOf(Path.Join(launch.SandboxDirectory, "mine")));
        Assert.Equal(65534, OwnerOf(Path.Join(launch.SandboxDirectory, "stdout")));
    }

    [Fact]
    public async Task An_unknown_user_fails_the_launch()
    {
        var containerizer = env.Containerizer();
        ContainerLaunch launch = env.ShellLaunch("true") with { User = "no-such-user-fastmesos" };

        var e = await Assert.ThrowsAsync<ContainerLaunchException>(() => containerizer.LaunchAsync(launch, CancellationToken.None).AsTask());

        Assert.Equal("Failed to launch container: no such user 'no-such-user-fastmesos'", e.Message);
    }

    [Fact]
    public void An_unusable_cgroups_root_falls_back_to_running_without_cgroups()
    {
        var containerizer = new ProcessContainerizer(env.Options() with { CgroupsRoot = "../escape" });

        Assert.False(containerizer.CgroupsEnabled);
        Assert.Empty(containerizer.CgroupRootDirectories);
    }

    [Fact]
    public async Task Without_cgroup_isolation_containers_run_and_die_through_the_wrappers_session()
    {
        var containerizer = env.Containerizer("posix/cpu,posix/mem");
        Assert.False(containerizer.CgroupsEnabled);
        ContainerHandle exits = await env.LaunchAsync(containerizer, env.ShellLaunch("echo hi; exit 4"));
        ContainerHandle sleeps = await env.LaunchAsync(containerizer, env.ShellLaunch("sleep 100"));

        Assert.Equal(4, (await Eventually.Within(exits.Exited, "the first container to exit")).ExitCode);
        Assert.Empty(sleeps.Checkpoint.Cgroups);
        await Eventually.Until(() => containerizer.Usage(sleeps)?.Processes >= 2, "sleep to start");
        await containerizer.KillAsync(sleeps, TimeSpan.FromSeconds(30));
        Assert.Equal(15, (await sleeps.Exited).Signal);
    }

    [Fact]
    public async Task A_failed_fetch_fails_the_launch_and_leaves_no_cgroup_behind()
    {
        var containerizer = env.Containerizer();
        ContainerLaunch launch = env.Launch(new CommandInfo { Value = "true", Uris = [new CommandUri("/nonexistent/fastmesos-artifact.tgz")] });

        var e = await Assert.ThrowsAsync<ContainerLaunchException>(() => containerizer.LaunchAsync(launch, CancellationToken.None).AsTask());

        Assert.StartsWith("Failed to fetch '/nonexistent/fastmesos-artifact.tgz': ", e.Message, StringComparison.Ordinal);
        foreach (string root in containerizer.CgroupRootDirectories.Values)
        {
            Assert.Empty(Directory.GetDirectories(root));
        }
    }

    [Fact]
    public async Task A_container_id_cannot_be_launched_twice_while_it_runs()
    {
        var containerizer = env.Containerizer();
        ContainerLaunch launch = env.ShellLaunch("sleep 100");
        ContainerHandle handle = await env.LaunchAsync(containerizer, launch);

        var e = await Assert.ThrowsAsync<ContainerLaunchException>(() => containerizer.LaunchAsync(launch, CancellationToken.None).AsTask());

        Assert.Contains("already exists", e.Message, StringComparison.Ordinal);
        await containerizer.KillAsync(handle, TimeSpan.Zero);
        Assert.True((await handle.Exited).Killed);
    }

    /// <summary>The uid owning a file, from stat(1) to stay independent of the code under test.</summary>
    static int OwnerOf(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%u", path]) { RedirectStandardOutput = true })!;
        string text = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return int.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    static string OwnCgroup(string controller) =>
        CgroupsV1.OwnCgroupDirectory(controller, File.ReadAllText("/proc/self/cgroup"), File.ReadAllText("/proc/self/mountinfo"))!;
}

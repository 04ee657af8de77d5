using FastMesos.Cluster.Tests.Support;
using FastMesos.Messages;
using FastMesos.Scheduler;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Cluster.Tests;

/// <summary>Agent recovery with real processes: a SIGKILLed agent's task lives on, and the restarted agent takes it back.</summary>
public sealed class AgentRestartTests
{
    [Fact]
    public async Task A_restarted_agent_reregisters_with_its_id_and_its_running_task_survives_until_killed()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        string workDir = cluster.NewDirectory("agent");
        (ChildProcess first, _) = await cluster.StartAgentProcessAsync(workDir, "cpus:1;mem:256;disk:100", "r");
        var scheduler = new RecordingScheduler { OnOffers = RecordingScheduler.LaunchOnce(offer => ClusterHarness.ShellTask("survivor", offer, "sleep 300")) };
        (SchedulerDriver driver, _) = await cluster.SubscribeAsync(ClusterHarness.Framework("restart", checkpoint: true, failoverTimeoutSeconds: 60), scheduler);
        MesosTaskStatus running = await scheduler.WaitFor("survivor", TaskState.Running);
        string agentId = running.AgentId!.Value.Value;
        string frameworkId = driver.FrameworkId!.Value.Value;
        int sleep = await TestCgroups.SleepPidAsync(cluster.CgroupsPrefix);

        first.KillHard();
        await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        Assert.True(TestCgroups.IsAlive(sleep), "the task's process died with its agent");

        (ChildProcess second, Uri url) = await cluster.StartAgentProcessAsync(workDir, "cpus:1;mem:256;disk:100", "r");
        await Eventually.Until(() => cluster.Master.Server.Read(core => core.FindAgent(agentId) is { State: FastMesos.Engine.Master.AgentState.Connected, ReregisteredTime: not null }),
            $"agent {agentId} to re-register");
        Assert.Equal(1, cluster.Master.Server.Read(static core => core.ConnectedAgentCount));
        await Eventually.Until(() => cluster.MasterTaskState(frameworkId, "survivor") == TaskState.Running, "the master to show the task running");
        using (var state = await ClusterHarness.GetJsonAsync(new Uri(url, "state")))
            Assert.Equal(agentId, state.RootElement.GetProperty("id").GetString());
        Assert.True(TestCgroups.IsAlive(sleep), "the task's process died when the agent came back");

        Assert.True(driver.Kill(new TaskId("survivor"), running.AgentId));
        await scheduler.WaitFor("survivor", TaskState.Killed);
        await Eventually.Until(() => !TestCgroups.IsAlive(sleep) && TestCgroups.Pids(cluster.CgroupsPrefix).Count == 0, "the task's processes to be gone");
        Assert.False(second.HasExited);
    }
}

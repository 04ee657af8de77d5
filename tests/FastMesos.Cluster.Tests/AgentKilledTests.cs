using FastMesos.Cluster.Tests.Support;
using FastMesos.Messages;
using FrameworkCapabilities = FastMesos.Messages.FrameworkCapabilities;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Cluster.Tests;

/// <summary>
/// An agent process killed with SIGKILL (MasterCore.Agents): its offers are rescinded at once; tasks
/// of frameworks that do not checkpoint are lost at once (REASON_AGENT_DISCONNECTED); tasks of
/// checkpointing frameworks wait for the ping budget and then turn UNREACHABLE (partition-aware) or
/// LOST, REASON_AGENT_REMOVED, with a FAILURE naming the agent.
/// </summary>
public sealed class AgentKilledTests
{
    [Theory]
    [InlineData(false, false, TaskState.Lost, TaskStatusReason.AgentDisconnected)]
    [InlineData(true, false, TaskState.Lost, TaskStatusReason.AgentRemoved)]
    [InlineData(true, true, TaskState.Unreachable, TaskStatusReason.AgentRemoved)]
    public async Task Killing_the_agent_process_rescinds_its_offers_and_reports_its_task(
        bool checkpoint, bool partitionAware, TaskState expected, TaskStatusReason reason)
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        (ChildProcess agent, _) = await cluster.StartAgentProcessAsync(cluster.NewDirectory("agent"), "cpus:2;mem:512;disk:100", "k");
        await Eventually.Until(() => cluster.Master.Server.Read(static core => core.ConnectedAgentCount) == 1, "the agent process to register");

        Resources task = Resources.Parse("cpus:1;mem:32");
        bool launched = false;
        var scheduler = new RecordingScheduler
        {
            OnOffers = (driver, offers) =>
            {
                foreach (Offer offer in offers)
                {
                    if (!launched && offer.Resources.Contains(task))
                    {
                        launched = true;
                        driver.Launch(offer.Id, [ClusterHarness.ShellTask("victim", offer, "sleep 300", "cpus:1;mem:32")], new Filters(0));
                    }

                    // Every later offer (the rest of the agent) is held: it must be rescinded.
                }
            },
        };
        FrameworkInfo framework = ClusterHarness.Framework("killed", checkpoint,
            capabilities: partitionAware ? FrameworkCapabilities.PartitionAware : FrameworkCapabilities.None);
        await cluster.SubscribeAsync(framework, scheduler);
        MesosTaskStatus running = await scheduler.WaitFor("victim", TaskState.Running);
        Offer held = await Eventually.First(() => scheduler.AllOffers, o => scheduler.AllOffers.Count > 1 && o.Id != scheduler.AllOffers[0].Id,
            "an offer of the agent's remaining resources");
        Assert.Equal(running.AgentId!.Value, held.AgentId);

        agent.KillHard();

        await Eventually.Until(() => scheduler.RescindedOffers.Contains(held.Id), "the held offer to be rescinded");
        MesosTaskStatus end = await scheduler.WaitForTerminalOrUnreachable("victim", TimeSpan.FromSeconds(30));
        Assert.True(end.State == expected, scheduler.Describe("victim"));
        Assert.Equal(reason, end.Reason);
        Assert.Contains(running.AgentId!.Value.Value, end.Message, StringComparison.Ordinal);
        if (checkpoint)
        {
            // The ping budget ran out: the agent is gone from allocation and every framework hears of it.
            // (The FAILURE follows the task's update: wait for it rather than race it.)
            await Eventually.Until(() => scheduler.Failures.Any(f => f.AgentId == running.AgentId), "a FAILURE naming the agent");
        }

        // Nothing launched on the dead agent afterwards; no offer of it is outstanding.
        Assert.Equal(0, cluster.Master.Server.Read(static core => core.ConnectedAgentCount));
    }
}

using System.Text.Json;
using FastMesos.Agent.Cli;
using FastMesos.Cluster.Tests.Support;
using FastMesos.Messages;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Cluster.Tests;

/// <summary>A master, three agents and one framework launching a real task on each agent.</summary>
public sealed class MultiAgentLaunchTests
{
    [Fact]
    public async Task One_task_per_agent_finishes_its_output_is_served_and_the_master_lists_the_racks()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        var agents = new List<AgentHost>();
        for (int i = 1; i <= 3; i++)
            agents.Add(await cluster.StartAgentAsync("cpus:1;mem:256;disk:100;ports:[31000-31009]", $"rack_id:rack-{i};zone:z"));

        var scheduler = new RecordingScheduler();
        var launchedOn = new HashSet<string>();
        scheduler.OnOffers = (driver, offers) =>
        {
            foreach (Offer offer in offers)
            {
                // One task per agent: later offers of an agent that has one are declined.
                if (launchedOn.Add(offer.AgentId.Value))
                {
                    string id = "t-" + launchedOn.Count;
                    driver.Launch(offer.Id, [ClusterHarness.ShellTask(id, offer, "echo $MESOS_TASK_ID > out; cat out")]);
                }
                else
                {
                    driver.Decline(offer.Id, 3600);
                }
            }
        };
        (_, _) = await cluster.SubscribeAsync(ClusterHarness.Framework("multi"), scheduler);

        var finished = new List<MesosTaskStatus>();
        foreach (string id in new[] { "t-1", "t-2", "t-3" })
            finished.Add(await scheduler.WaitFor(id, TaskState.Finished));
        var finishedAgents = new HashSet<string>();
        foreach (MesosTaskStatus status in finished)
            finishedAgents.Add(status.AgentId!.Value.Value);
        Assert.Equal(3, finishedAgents.Count);

        // Each task's stdout is served by its agent's /files/read from the sandbox the agent reports in /state.
        foreach (AgentHost agent in agents)
        {
            using JsonDocument state = await ClusterHarness.GetJsonAsync(new Uri(agent.Url, "state"));
            (string taskId, string directory) = ClusterHarness.OnlyExecutor(state.RootElement);
            using JsonDocument read = await ClusterHarness.GetJsonAsync(
                new Uri(agent.Url, "files/read?path=" + Uri.EscapeDataString(Path.Combine(directory, "stdout")) + "&offset=0"));
            Assert.Contains(taskId, read.RootElement.GetProperty("data").GetString(), StringComparison.Ordinal);
        }

        using JsonDocument master = await cluster.MasterStateAsync();
        var racks = new List<string>();
        foreach (JsonElement slave in master.RootElement.GetProperty("slaves").EnumerateArray())
        {
            racks.Add(slave.GetProperty("attributes").GetProperty("rack_id").GetString()!);
            Assert.Equal("z", slave.GetProperty("attributes").GetProperty("zone").GetString());
            Assert.StartsWith("slave(1)@127.0.0.1:", slave.GetProperty("pid").GetString(), StringComparison.Ordinal);
        }

        racks.Sort(StringComparer.Ordinal);
        Assert.Equal(["rack-1", "rack-2", "rack-3"], racks);
    }
}

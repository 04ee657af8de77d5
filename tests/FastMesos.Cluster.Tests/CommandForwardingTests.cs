using System.Text.Json;
using FastMesos.Agent.Cli;
using FastMesos.Cluster.Tests.Support;
using FastMesos.Messages;
using FastMesos.Scheduler;

namespace FastMesos.Cluster.Tests;

/// <summary>
/// The master forwards a task's command to the agent in the encoding the framework sent, without
/// decoding it (<c>StringPool.ForwardsCommands</c>): the real driver, master and agent over TCP,
/// and the task's process sees the command, arguments and environment the framework gave.
/// </summary>
public sealed class CommandForwardingTests
{
    [Fact]
    public async Task A_task_runs_with_the_command_arguments_and_environment_its_framework_sent()
    {
        await using ClusterHarness cluster = await ClusterHarness.StartAsync();
        AgentHost agent = await cluster.StartAgentAsync("cpus:1;mem:256;disk:100");
        (SchedulerDriver driver, RecordingScheduler scheduler) = await cluster.SubscribeAsync(ClusterHarness.Framework("forward"));
        Offer offer = await Eventually.First(() => scheduler.AllOffers, _ => true, "an offer");

        // Longer than any string pool interns, non-ASCII, and with the shell's quoting characters.
        string greeting = "caf\u00e9 \u2615 'quoted' \"twice\" $NOT_EXPANDED";
        string longValue = new('x', 300);
        TaskInfo task = ClusterHarness.ShellTask("env", offer, "") with
        {
            Command = new CommandInfo
            {
                Value = "/bin/sh",
                Shell = false,
                Arguments = ["sh", "-c", "printf '%s|%s|%s' \"$GREETING\" \"$LONG\" \"$0\"", "argument zero"],
                Environment = [new("GREETING", greeting), new("LONG", longValue)],
            },
        };
        driver.Launch(offer.Id, [task]);
        await scheduler.WaitFor("env", TaskState.Finished);

        using JsonDocument state = await ClusterHarness.GetJsonAsync(new Uri(agent.Url, "state"));
        (_, string directory) = ClusterHarness.OnlyExecutor(state.RootElement);
        using JsonDocument read = await ClusterHarness.GetJsonAsync(
            new Uri(agent.Url, "files/read?path=" + Uri.EscapeDataString(Path.Combine(directory, "stdout")) + "&offset=0"));
        Assert.Equal($"{greeting}|{longValue}|argument zero", read.RootElement.GetProperty("data").GetString());
    }
}

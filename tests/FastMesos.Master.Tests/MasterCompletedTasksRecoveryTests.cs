using System.Net;
using System.Text.Json;
using FastMesos.Engine.Master;
using FastMesos.Master.Tests.Support;
using FastMesos.Messages;
using FastMesos.Transport.Connections;

namespace FastMesos.Master.Tests;

/// <summary>
/// A master that never saw the cluster (a failover without a registry) learns the completed tasks of
/// its past from the agents' re-registrations over the wire, and <c>/master/state</c> lists them under
/// the framework's <c>completed_tasks</c>, as Mesos' does after a failover.
/// </summary>
public sealed class MasterCompletedTasksRecoveryTests : IAsyncLifetime
{
    private const string Fw = "old-master-0000";
    private MasterHost _master = null!;

    public async Task InitializeAsync() => _master = await MasterHost.StartAsync(new MasterServerOptions
    {
        EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
        Core = new MasterOptions { MasterId = "new-master", Ip = "127.0.0.1", Hostname = "localhost" },
    });

    public async Task DisposeAsync() => await _master.DisposeAsync();

    private static FrameworkInfo Info(string id) => new() { User = "root", Name = id, Id = new FrameworkId(id), Checkpoint = true, FailoverTimeoutSeconds = 3600 };

    private static LaunchedTask Task(string id, string agent, string framework, TaskState state) => new()
    {
        Name = id, TaskId = new TaskId(id), FrameworkId = new FrameworkId(framework), AgentId = new AgentId(agent),
        State = state, Resources = Resources.Parse("cpus:0.5;mem:64"),
    };

    private static async Task ReregisterAsync(WirePeer agent, string id, IReadOnlyList<LaunchedTask> running, IReadOnlyList<CompletedFramework> completed)
    {
        agent.Send(new ReregisterAgent
        {
            Agent = new AgentInfo { Hostname = id, Port = 5051, Id = new AgentId(id), Resources = Resources.Parse("cpus:2;mem:1024") },
            Version = "1.11.0",
            Tasks = running,
            Frameworks = running.Count > 0 ? [Info(Fw)] : [],
            CompletedFrameworks = completed,
        });
        Assert.Equal(id, (await agent.NextAsync<AgentReregistered>()).AgentId.Value);
    }

    [Fact]
    public async Task Completed_tasks_reported_on_reregistration_show_in_state_under_their_framework()
    {
        await using WirePeer running = await WirePeer.DialAsync(_master.EndPoint, PeerRole.Agent);
        await using WirePeer finished = await WirePeer.DialAsync(_master.EndPoint, PeerRole.Agent);
        // The first agent still runs a task of the framework: the new master learns the framework from it.
        await ReregisterAsync(running, "agent-1", [Task("t1", "agent-1", Fw, TaskState.Running)], []);
        // The second runs nothing of it any more and reports its history, and that of a framework
        // no agent runs anything of (which the master cannot place and drops, as Mesos does).
        await ReregisterAsync(finished, "agent-2", [],
        [
            new CompletedFramework { Framework = Info(Fw), Tasks = [Task("t2", "agent-2", Fw, TaskState.Finished), Task("t3", "agent-2", Fw, TaskState.Killed)] },
            new CompletedFramework { Framework = Info("gone"), Tasks = [Task("g1", "agent-2", "gone", TaskState.Finished)] },
        ]);

        using var http = new HttpClient { BaseAddress = _master.Url, Timeout = TimeSpan.FromSeconds(10) };
        JsonElement state = JsonDocument.Parse(await http.GetStringAsync("/master/state")).RootElement;
        JsonElement fw = Assert.Single(state.GetProperty("frameworks").EnumerateArray());
        Assert.Equal(Fw, fw.GetProperty("id").GetString());
        Assert.Equal(["t1"], fw.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        JsonElement[] completed = [.. fw.GetProperty("completed_tasks").EnumerateArray()];
        Assert.Equal(["t2", "t3"], completed.Select(t => t.GetProperty("id").GetString()));
        Assert.Equal(["TASK_FINISHED", "TASK_KILLED"], completed.Select(t => t.GetProperty("state").GetString()));
        Assert.All(completed, t => Assert.Equal("agent-2", t.GetProperty("slave_id").GetString()));
        Assert.DoesNotContain("g1", state.GetRawText(), StringComparison.Ordinal);
        Assert.Empty(state.GetProperty("completed_frameworks").EnumerateArray());
    }
}

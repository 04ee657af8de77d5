using CsCheck;
using FastMesos.Engine.Master;
using FastMesos.Messages;

namespace FastMesos.Engine.Tests.Master;

/// <summary>
/// The tasks an agent hosts: a list threaded through the task records by the handles the master's
/// agents share (AgentRecord.AddTask / RemoveTask, TaskHandles).
/// </summary>
public sealed class AgentTaskListTests
{
    private static TaskRecord Record(string id) => new(
        new TaskInfo { Name = id, TaskId = new TaskId(id), AgentId = new AgentId("a"), Resources = Resources.Parse("cpus:1") },
        "fw", "a", "*");

    private readonly TaskHandles _handles = new();

    private AgentRecord Agent(string id) => Agent(id, _handles);

    private static AgentRecord Agent(string id, TaskHandles handles) =>
        new(id, new AgentInfo { Hostname = "h", Resources = Resources.Parse("cpus:8") }, "1.11.0", "127.0.0.1:5051", handles, new AgentCensus());

    private static List<string> Ids(AgentRecord agent)
    {
        var ids = new List<string>();
        foreach (TaskRecord task in agent.TaskList)
            ids.Add(task.TaskId);
        Assert.Equal(agent.TaskCount, ids.Count);
        Assert.Equal(agent.TaskCount, agent.TaskList.Count);
        return ids;
    }

    [Fact]
    public void Tasks_come_out_in_the_order_they_came_after_removals_from_the_front_middle_and_back()
    {
        AgentRecord agent = Agent("a");
        TaskRecord[] tasks = [Record("t0"), Record("t1"), Record("t2"), Record("t3"), Record("t4")];
        foreach (TaskRecord task in tasks)
            agent.AddTask(task);
        Assert.Equal(["t0", "t1", "t2", "t3", "t4"], Ids(agent));

        agent.RemoveTask(tasks[2]);
        agent.RemoveTask(tasks[0]);
        agent.RemoveTask(tasks[4]);
        Assert.Equal(["t1", "t3"], Ids(agent));
        Assert.Null(tasks[0].Host);
        Assert.Same(agent, tasks[1].Host);

        agent.AddTask(tasks[0]);
        Assert.Equal(["t1", "t3", "t0"], Ids(agent));
        agent.RemoveTask(tasks[1]);
        agent.RemoveTask(tasks[3]);
        agent.RemoveTask(tasks[0]);
        Assert.Empty(Ids(agent));
    }

    [Fact]
    public void A_walker_may_take_off_the_task_it_holds()
    {
        AgentRecord agent = Agent("a");
        for (int i = 0; i < 6; i++)
            agent.AddTask(Record("t" + i));
        var seen = new List<string>();
        foreach (TaskRecord task in agent.TaskList)
        {
            seen.Add(task.TaskId);
            if (seen.Count % 2 == 1)
                agent.RemoveTask(task);
        }

        Assert.Equal(["t0", "t1", "t2", "t3", "t4", "t5"], seen);
        Assert.Equal(["t1", "t3", "t5"], Ids(agent));
    }

    [Fact]
    public void A_task_is_hosted_by_one_agent_at_a_time()
    {
        AgentRecord a = Agent("a"), b = Agent("b");
        TaskRecord task = Record("t");
        a.AddTask(task);
        Assert.Throws<EngineException>(() => b.AddTask(task));
        Assert.Throws<EngineException>(() => b.RemoveTask(task));
        Assert.Equal(["t"], Ids(a));
        Assert.Empty(Ids(b));
    }

    [Fact]
    public void Agents_sharing_handles_keep_their_own_order_and_reuse_the_handles_of_removed_tasks()
    {
        // Steps: (agent 0-2, task 0-39, op): op 0 takes the task off its agent, else hosts it on the agent when no agent does.
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 39], Gen.Int[0, 1]).Array[0, 400].Sample(steps =>
        {
            var handles = new TaskHandles();
            AgentRecord[] agents = [Agent("a0", handles), Agent("a1", handles), Agent("a2", handles)];
            var model = new List<string>[] { [], [], [] };
            TaskRecord[] tasks = Enumerable.Range(0, 40).Select(i => Record("t" + i)).ToArray();
            int most = 0;
            foreach ((int a, int t, int op) in steps)
            {
                TaskRecord task = tasks[t];
                if (op == 0 && task.Host is { } host)
                {
                    host.RemoveTask(task);
                    model[Array.IndexOf(agents, host)].Remove(task.TaskId);
                    Assert.Equal(-1, task.HostHandle);
                }
                else if (op == 1 && task.Host is null)
                {
                    agents[a].AddTask(task);
                    model[a].Add(task.TaskId);
                }

                for (int i = 0; i < agents.Length; i++)
                    Assert.Equal(model[i], Ids(agents[i]));
                int hosted = model.Sum(m => m.Count);
                most = Math.Max(most, hosted);
                Assert.Equal(most, handles.HandedOut);
            }
        }, seed: "0N0XIzNsQ0O2", iter: 60);
    }
}

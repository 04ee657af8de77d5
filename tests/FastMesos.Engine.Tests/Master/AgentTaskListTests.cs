using FastMesos.Engine.Master;
using FastMesos.Messages;

namespace FastMesos.Engine.Tests.Master;

/// <summary>The tasks an agent hosts: a list threaded through the task records (AgentRecord.AddTask / RemoveTask).</summary>
public sealed class AgentTaskListTests
{
    private static TaskRecord Record(string id) => new(
        new TaskInfo { Name = id, TaskId = new TaskId(id), AgentId = new AgentId("a"), Resources = Resources.Parse("cpus:1") },
        "fw", "a", "*");

    private static AgentRecord Agent(string id) => new(id, new AgentInfo { Hostname = "h", Resources = Resources.Parse("cpus:8") }, "1.11.0", "127.0.0.1:5051");

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
}

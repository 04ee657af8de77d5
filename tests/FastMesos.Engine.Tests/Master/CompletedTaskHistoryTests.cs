using FastMesos.Engine.Master;
using FastMesos.Messages;

namespace FastMesos.Engine.Tests.Master;

/// <summary>
/// A framework's completed-task history: the newest <see cref="CompletedTaskHistory.Capacity"/>
/// tasks in the order they came, whether the master saw them end or an agent reported them; a
/// reported task becomes a record only when read, and one overwritten before that costs nothing.
/// </summary>
public sealed class CompletedTaskHistoryTests
{
    private static readonly Resources TaskResources = Resources.Parse("cpus:1;mem:128");

    private static LaunchedTask Reported(string id, TaskState state = TaskState.Finished) => new()
    {
        Name = "n-" + id, TaskId = new TaskId(id), FrameworkId = new FrameworkId("fw"), AgentId = new AgentId("a1"),
        State = state, Resources = TaskResources, Labels = [new Label("k", "v")],
    };

    private static TaskRecord Tracked(string id) =>
        new(new TaskId(id), "tracked", TaskResources, executorId: null, executorResources: null, killPolicy: null, labels: [], "fw", "a9", "*");

    [Fact]
    public void The_newest_tasks_stay_in_the_order_they_came_whichever_way_they_entered()
    {
        var history = new CompletedTaskHistory("fw", capacity: 3);
        history.Add(Tracked("t1"));
        history.AddReported(Reported("r2"), "a1", "web", 12.5);
        history.Add(Tracked("t3"));
        history.AddReported(Reported("r4", TaskState.Killed), "a2", "web", 14);
        history.AddReported(Reported("r5"), "a1", "web", 15);

        Assert.Equal(3, history.Count);
        Assert.Equal(["t3", "r4", "r5"], history.Select(t => t.TaskId));
        TaskRecord r4 = history.ElementAt(1);
        Assert.Equal(("n-r4", "fw", "a2", "web", TaskState.Killed), (r4.Name, r4.FrameworkId, r4.AgentId, r4.Role, r4.State));
        Assert.Equal(1, r4.StatusCount);
        Assert.Equal((TaskState.Killed, 14.0), r4.StatusAt(0));
        Assert.Equal([new Label("k", "v")], r4.Labels);
        Assert.Equal(1, r4.Resources.Cpus);
    }

    [Fact]
    public void A_reported_task_is_built_once_and_read_back_as_the_same_record()
    {
        var history = new CompletedTaskHistory("fw", capacity: 2);
        history.AddReported(Reported("r1"), "a1", "*", 1);

        TaskRecord first = history.Single();

        Assert.Same(first, history.Single());
        history.AddReported(Reported("r2"), "a1", "*", 2);
        Assert.Same(first, history.First());
    }

    [Fact]
    public void Reports_that_newer_ones_overwrite_before_anyone_reads_them_allocate_nothing()
    {
        var history = new CompletedTaskHistory("fw", capacity: 1000);
        var reports = new LaunchedTask[5000];
        for (int i = 0; i < reports.Length; i++)
            reports[i] = Reported("r" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (int i = 0; i < 1000; i++)
            history.AddReported(reports[i], "a1", "*", i);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1000; i < reports.Length; i++)
            history.AddReported(reports[i], "a1", "*", i);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(1000, history.Count);
        Assert.Equal("r4000", history.First().TaskId);
        Assert.Equal("r4999", history.Last().TaskId);
    }

    [Fact]
    public void A_history_of_no_capacity_keeps_nothing()
    {
        var history = new CompletedTaskHistory("fw", capacity: 0);
        history.Add(Tracked("t1"));
        history.AddReported(Reported("r1"), "a1", "*", 1);

        Assert.Equal(0, history.Count);
        Assert.Empty(history);
    }
}

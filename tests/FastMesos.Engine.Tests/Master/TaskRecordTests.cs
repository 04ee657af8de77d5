using FastMesos.Engine.Master;
using FastMesos.Messages;

namespace FastMesos.Engine.Tests.Master;

/// <summary>The task record's state history (its first change kept inline, the rest in a growing array) and its packed fields.</summary>
public sealed class TaskRecordTests
{
    private static TaskRecord NewRecord() => new(
        new TaskInfo { Name = "t", TaskId = new TaskId("t"), AgentId = new AgentId("a"), Resources = Resources.Parse("cpus:1") },
        "fw", "a", "*");

    private static (TaskState, double)[] History(TaskRecord record) => Enumerable.Range(0, record.StatusCount).Select(record.StatusAt).ToArray();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(9)]
    public void The_history_reads_back_every_change_in_order(int changes)
    {
        TaskRecord record = NewRecord();
        var expected = new List<(TaskState, double)>();
        for (int i = 0; i < changes; i++)
        {
            var change = ((TaskState)(i % 7), 100.0 + i);
            record.AddStatus(change.Item1, change.Item2);
            expected.Add(change);
            // Readable after each change, across the move from the inline field to the array.
            Assert.Equal(expected, History(record));
            Assert.Equal(expected[^1], record.LastStatusChange);
        }

        Assert.Equal(changes, record.StatusCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => record.StatusAt(changes));
        Assert.Throws<ArgumentOutOfRangeException>(() => record.StatusAt(-1));
    }

    [Fact]
    public void The_packed_fields_read_back_what_was_set_and_do_not_disturb_each_other()
    {
        TaskRecord record = new(
            new TaskInfo { Name = "t", TaskId = new TaskId("t"), AgentId = new AgentId("a"), Resources = Resources.Parse("cpus:1"), KillPolicy = new KillPolicy(5_000_000_000) },
            "fw", "a", "*");
        Assert.Equal(new KillPolicy(5_000_000_000), record.KillPolicy);
        Assert.Null(NewRecord().KillPolicy);
        Assert.Equal(TaskState.Staging, record.State);
        Assert.False(record.HoldsResources);   // until the launch's outcome gives it a ledger slot
        Assert.Equal(-1, record.LedgerSlot);
        Assert.False(record.Listed);
        Assert.Null(record.LastStatusState);
        Assert.Null(record.LastStatusUuid);
        Assert.Null(record.LastStatusHealthy);

        var uuid = Guid.NewGuid();
        foreach ((Guid? Uuid, bool? Healthy, TaskState State) status in new (Guid?, bool?, TaskState)[]
                 {
                     (uuid, true, TaskState.Running), (null, false, TaskState.Killing), (uuid, null, TaskState.Finished), (null, null, TaskState.Starting),
                 })
        {
            record.Listed = !record.Listed;
            record.State = status.State;
            record.SetLastStatus(new FastMesos.Messages.TaskStatus { TaskId = new TaskId("t"), State = status.State, Uuid = status.Uuid, Healthy = status.Healthy });
            record.LedgerSlot = record.LedgerSlot < 0 ? 7 : -1;
            Assert.Equal(status.State, record.State);
            Assert.Equal(status.State, record.LastStatusState);
            Assert.Equal(status.Uuid, record.LastStatusUuid);
            Assert.Equal(status.Healthy, record.LastStatusHealthy);
            Assert.Equal(new KillPolicy(5_000_000_000), record.KillPolicy);
        }

        // Four toggles each: back where they started.
        Assert.False(record.HoldsResources);
        Assert.False(record.Listed);

        // A history past one change shares the side object with the kill policy.
        for (int i = 0; i < 3; i++)
            record.AddStatus(TaskState.Running + i, 10 + i);
        Assert.Equal([(TaskState.Running, 10.0), (TaskState.Running + 1, 11.0), (TaskState.Running + 2, 12.0)], History(record));
        Assert.Equal(new KillPolicy(5_000_000_000), record.KillPolicy);
    }

    [Fact]
    public void Executor_and_labels_read_back_and_a_plain_task_has_none()
    {
        TaskRecord plain = NewRecord();
        Assert.Null(plain.ExecutorId);
        Assert.Null(plain.ExecutorResources);
        Assert.Empty(plain.Labels);

        TaskRecord custom = new(
            new TaskInfo
            {
                Name = "t", TaskId = new TaskId("t"), AgentId = new AgentId("a"), Resources = Resources.Parse("cpus:1"),
                Executor = new ExecutorInfo { ExecutorId = new ExecutorId("e1"), Resources = Resources.Parse("cpus:0.1") },
                Labels = [new Label("team", "web")],
            },
            "fw", "a", "*");
        Assert.Equal("e1", custom.ExecutorId);
        Assert.Equal(Resources.Parse("cpus:0.1"), custom.ExecutorResources);
        Assert.Equal("team", Assert.Single(custom.Labels).Key);
        Assert.Null(custom.KillPolicy);
        Assert.Equal("*", custom.Role);
        Assert.Equal("*", plain.Role);

        TaskRecord inRole = new(new TaskInfo { Name = "t", TaskId = new TaskId("t"), AgentId = new AgentId("a"), Resources = Resources.Parse("cpus:1") }, "fw", "a", "web/dev");
        Assert.Equal("web/dev", inRole.Role);
        inRole.AddStatus(TaskState.Running, 1);
        inRole.AddStatus(TaskState.Finished, 2);
        Assert.Equal("web/dev", inRole.Role);   // a longer history shares the side object
        Assert.Empty(inRole.Labels);
    }
}

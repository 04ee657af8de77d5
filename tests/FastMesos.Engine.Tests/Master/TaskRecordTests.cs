using FastMesos.Engine.Master;
using FastMesos.Messages;

namespace FastMesos.Engine.Tests.Master;

/// <summary>The task record's state history: its first change kept inline, the rest in a growing array.</summary>
public sealed class TaskRecordTests
{
    private static TaskRecord NewRecord() => new(
        new TaskInfo { Name = "t", TaskId = new TaskId("t"), AgentId = new AgentId("a"), Resources = Resources.Parse("cpus:1") },
        "fw", "a", "*");

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
            Assert.Equal(expected, record.StatusSpan.ToArray());
        }

        Assert.Equal(changes, record.StatusSpan.Length);
    }
}

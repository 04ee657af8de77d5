using FastMesos.Apps.Launching;
using FastMesos.Messages;

namespace FastMesos.Apps.Tests;

// specs/marathon.md §6.2.
public sealed class LaunchingInstanceConditionsTests
{
    [Theory]
    [InlineData(TaskState.Staging, InstanceCondition.Staging)]
    [InlineData(TaskState.Starting, InstanceCondition.Starting)]
    [InlineData(TaskState.Running, InstanceCondition.Running)]
    [InlineData(TaskState.Killing, InstanceCondition.Killing)]
    [InlineData(TaskState.Finished, InstanceCondition.Finished)]
    [InlineData(TaskState.Failed, InstanceCondition.Failed)]
    [InlineData(TaskState.Killed, InstanceCondition.Killed)]
    [InlineData(TaskState.Error, InstanceCondition.Error)]
    [InlineData(TaskState.Dropped, InstanceCondition.Dropped)]
    [InlineData(TaskState.Gone, InstanceCondition.Gone)]
    [InlineData(TaskState.GoneByOperator, InstanceCondition.Gone)]
    [InlineData(TaskState.Unreachable, InstanceCondition.Unreachable)]
    [InlineData(TaskState.Unknown, InstanceCondition.Unknown)]
    public void Task_states_map_to_conditions(TaskState state, InstanceCondition condition) =>
        Assert.Equal(condition, InstanceConditions.FromTaskState(state, null));

    [Theory]
    [InlineData(TaskStatusReason.Reconciliation, InstanceCondition.Unreachable)]
    [InlineData(TaskStatusReason.AgentDisconnected, InstanceCondition.Unreachable)]
    [InlineData(TaskStatusReason.AgentRemoved, InstanceCondition.Unreachable)]
    [InlineData(TaskStatusReason.TaskUnknown, InstanceCondition.Unknown)]
    [InlineData(TaskStatusReason.AgentRestarted, InstanceCondition.Gone)]
    [InlineData(TaskStatusReason.ExecutorTerminated, InstanceCondition.Gone)]
    [InlineData(null, InstanceCondition.Gone)]
    public void Task_lost_maps_by_reason(TaskStatusReason? reason, InstanceCondition condition) =>
        Assert.Equal(condition, InstanceConditions.FromTaskState(TaskState.Lost, reason));

    [Fact]
    public void Terminal_and_active_conditions()
    {
        Assert.True(InstanceConditions.IsTerminal(InstanceCondition.Failed));
        Assert.True(InstanceConditions.IsTerminal(InstanceCondition.Gone));
        Assert.False(InstanceConditions.IsTerminal(InstanceCondition.Unreachable));
        Assert.False(InstanceConditions.IsTerminal(InstanceCondition.UnreachableInactive));
        Assert.True(InstanceConditions.IsActive(InstanceCondition.Running));
        Assert.True(InstanceConditions.IsActive(InstanceCondition.Unreachable));
        Assert.False(InstanceConditions.IsActive(InstanceCondition.Scheduled));
        Assert.False(InstanceConditions.IsActive(InstanceCondition.Killed));
    }

    [Fact]
    public void Only_failed_and_finished_grow_the_backoff()
    {
        foreach (TaskState state in Enum.GetValues<TaskState>())
            Assert.Equal(state is TaskState.Failed or TaskState.Finished, InstanceConditions.IncreasesBackoff(state));
    }
}
